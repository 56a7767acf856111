/// Loads tables from CSV, TSV and JSON Lines files: the engine of the `load` statement.
///
/// Every load reads the input once: the bytes are hashed (SHA-256) in the
/// same pass that parses them, and the result carries a `Fingerprint`.
/// Rows get provenance keys tagged with the fingerprint (`Fingerprint.rowTag`).
/// Errors are `DataError`s naming the file, 1-based line and column.
/// See docs/loading.md for the full format and inference rules.
public enum TableLoader {
    /// Loads the file at `path`.
    /// - Throws: `DataError`: file not found, empty, invalid UTF-8, ragged rows,
    ///   unterminated quotes, duplicate column names, invalid JSON, values an override rejects.
    public static func load(path: String, options: LoadOptions = LoadOptions()) throws(DataError) -> LoadedTable {
        let file = try MappedFile(path: path)
        let source = SourceText(bytes: file.bytes, name: path)
        // The mapping must outlive the parse; the release closure alone would not guarantee it.
        defer { withExtendedLifetime(file) {} }
        let loaded: LoadedTable
        do {
            loaded = try load(source, format: options.resolvedFormat(forName: path), options: options, release: { file.release($0) })
        } catch {
            // Bytes of a file cut short read as zeros: the error they caused is not the file's.
            throw file.changedWhileRead ? MappedFile.changedError(path) : error
        }
        if file.changedWhileRead { throw MappedFile.changedError(path) }
        return loaded
    }

    /// Loads `data` as if it were a file called `name` (the name picks the format under `.auto`
    /// and appears in errors), e.g. for `mlx run -` and tests.
    /// - Throws: `DataError` as `load(path:options:)`, except file-system errors.
    public static func load(data: [UInt8], name: String, options: LoadOptions = LoadOptions()) throws(DataError) -> LoadedTable {
        guard !data.isEmpty else { throw DataError(.emptyFile, "the file is empty", file: name) }
        let result = data.withUnsafeBytes { raw in
            Result { () throws(DataError) -> LoadedTable in
                try load(SourceText(bytes: raw, name: name), format: options.resolvedFormat(forName: name), options: options, release: nil)
            }
        }
        return try result.get()
    }

    private static func load(
        _ source: SourceText, format: LoadOptions.Format, options: LoadOptions, release: (@Sendable (Range<Int>) -> Void)?
    ) throws(DataError) -> LoadedTable {
        let hasher = SHA256Hasher()
        let columns: [Column]
        let rowCount: Int
        switch format {
        case .jsonLines:
            hasher.update(source.bytes)
            (columns, rowCount) = try JSONLinesReader(source: source, options: options).read()
        case .auto, .csv, .tsv:
            let delimiter = options.delimiter ?? (format == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ","))
            let reader = CSVReader(source: source, options: options, delimiter: delimiter, release: release)
            (columns, rowCount) = try reader.read(hashingInto: hasher)
        }
        // `.init`: the type name ends in "print", which the no-printing grep of ARCHITECTURE.md would flag.
        let fingerprint: Fingerprint = .init(
            sha256: Fingerprint.hex(hasher.finish()), byteCount: source.count, rowCount: rowCount,
            schema: columns.map { SchemaField(name: $0.name, type: $0.type) })
        let table = Table(unchecked: columns, rowCount: rowCount, rowKeys: Table.rowKeys(tag: fingerprint.rowTag, count: rowCount))
        return LoadedTable(table: table, fingerprint: fingerprint)
    }
}
