/// An error found by a parser, located by byte offset; it becomes a
/// `DataError` with line and column once the reader knows it is the first.
struct PendingError: Error, Sendable {
    let kind: DataError.Kind
    let message: String
    /// Byte offset in the input that the line and column are computed from.
    let offset: Int
    /// Whether the column is meaningful (not for whole-record problems).
    let withColumn: Bool

    init(_ kind: DataError.Kind, _ message: String, at offset: Int, withColumn: Bool = true) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.withColumn = withColumn
    }

    /// The error for the invalid byte at `offset` of `bytes`.
    static func invalidUTF8(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> PendingError {
        PendingError(.invalidUTF8, UTF8Validator.message(invalid: bytes[offset]), at: offset)
    }

    /// The located error.
    func located(in source: SourceText) -> DataError {
        source.error(kind, message, at: offset, withColumn: withColumn)
    }
}
