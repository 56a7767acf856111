extension DataError {
    /// The same error, attributed to `file`.
    func located(file: String) -> DataError {
        DataError(kind, message, file: file, line: line, column: column)
    }
}
