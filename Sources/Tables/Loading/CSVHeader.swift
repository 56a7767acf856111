/// The column names of a CSV input and where its data starts.
struct CSVHeader {
    /// Column names, unique.
    var names: [String]
    /// Offset of the first data record (or of the first line after the header).
    var dataStart: Int
    /// Length in bytes of the first record, used to estimate rows per chunk.
    var firstRecordLength: Int

    /// Reads the first record and decides whether it is a header (see `LoadOptions.Header`).
    /// - Throws: `DataError` for an input without records, a broken first record, or duplicate names.
    static func read(_ source: SourceText, scanner: CSVScanner, options: LoadOptions, missing: MissingTokens) throws(DataError) -> CSVHeader {
        var start = source.contentStart
        while start < source.count, let next = scanner.blankLineEnd(start, source.count) { start = next }
        guard start < source.count else {
            throw DataError(.emptyFile, source.contentStart == source.count ? "the file is empty" : "the file has only blank lines", file: source.name)
        }
        if let bad = UTF8Validator.firstInvalid(in: source.bytes, source.contentStart..<start) {
            throw invalidUTF8(source, at: bad)
        }
        let fields: [CSVScanner.Field]
        let next: Int
        do {
            (fields, next) = try scanner.record(at: start, limit: source.count)
        } catch {
            throw CSVChunkParser.pending(error).located(in: source)
        }
        if let bad = UTF8Validator.firstInvalid(in: source.bytes, start..<next) { throw invalidUTF8(source, at: bad) }
        let hasHeader: Bool
        switch options.header {
        case .present: hasHeader = true
        case .absent: hasHeader = false
        case .detect: hasHeader = looksLikeHeader(fields, scanner: scanner, missing: missing)
        }
        guard hasHeader else {
            return CSVHeader(names: (1...fields.count).map { "column\($0)" }, dataStart: start, firstRecordLength: next - start)
        }
        let given = fields.map { scanner.string($0) }
        var taken = Set<String>()
        for (i, name) in given.enumerated() where !name.isEmpty && !taken.insert(name).inserted {
            let at = fields[i].quoted ? fields[i].start - 1 : fields[i].start
            throw source.error(.duplicateColumn, "duplicate column name '\(name)' in the header", at: at)
        }
        let names = given.enumerated().map { i, name in name.isEmpty ? freeName("column\(i + 1)", taken: &taken) : name }
        return CSVHeader(names: names, dataStart: next, firstRecordLength: next - start)
    }

    /// `base`, or `base_2`, `base_3`, … when the header already has that name: an empty
    /// header field is named by its position, which a real name may hold.
    private static func freeName(_ base: String, taken: inout Set<String>) -> String {
        var name = base, suffix = 1
        while !taken.insert(name).inserted {
            suffix += 1
            name = "\(base)_\(suffix)"
        }
        return name
    }

    /// A header: every non-empty field is text (not a number, boolean or missing token), and one is non-empty.
    private static func looksLikeHeader(_ fields: [CSVScanner.Field], scanner: CSVScanner, missing: MissingTokens) -> Bool {
        var sawName = false
        for field in fields {
            let content = scanner.content(field)
            let isText = content.withUnsafeBytes { raw -> Bool? in
                var lower = 0, upper = raw.count
                while lower < upper, scanner.isBlank(raw[lower]) { lower += 1 }
                while upper > lower, scanner.isBlank(raw[upper - 1]) { upper -= 1 }
                let trimmed = UnsafeRawBufferPointer(rebasing: raw[lower..<upper])
                if trimmed.isEmpty { return nil }
                if missing.matches(trimmed) || ColumnBuilder.boolean(trimmed) != nil { return false }
                if let number = NumberLexeme.parse(trimmed, from: 0, to: trimmed.count), number.end == trimmed.count { return false }
                return true
            }
            switch isText {
            case .some(false): return false
            case .some(true): sawName = true
            case .none: continue
            }
        }
        return sawName
    }

    /// The error for an invalid byte at `offset`.
    static func invalidUTF8(_ source: SourceText, at offset: Int) -> DataError {
        PendingError.invalidUTF8(source.bytes, at: offset).located(in: source)
    }
}
