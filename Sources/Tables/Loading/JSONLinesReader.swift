/// Reads JSON Lines: one flat JSON object per line.
///
/// Keys become columns in first-seen order; a key absent from a record (or
/// `null`) is missing there. Types follow JSON's: all integers → integer,
/// integers and other numbers → number, booleans → boolean, strings → text
/// or categical (the same repetition rule as CSV; strings that look like
/// numbers stay strings, since JSON said so); any other mix → text, with
/// numbers and booleans spelled as written. Blank lines are skipped.
struct JSONLinesReader {
    let source: SourceText
    let options: LoadOptions
    /// The most cells (records × keys) the table may have, as for every table mlx makes
    /// up: records that each bring new keys grow it as a square of the file, and are
    /// refused at the record that crosses the limit, before any column is made.
    var maximumValues = Table.maximumValues

    /// The columns and row count.
    /// - Throws: `DataError` at the offending line and column.
    func read() throws(DataError) -> (columns: [Column], rowCount: Int) {
        let bytes = source.bytes
        if let bad = UTF8Validator.firstInvalid(in: bytes, source.contentStart..<source.count) {
            throw CSVHeader.invalidUTF8(source, at: bad)
        }
        var names = [String]()
        var index = [String: Int]()
        var keys = [JSONKeyValues]()
        var rows = 0
        var p = source.contentStart
        while p < source.count {
            var end = p
            while end < source.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let next = end + 1
            var parser = JSONLineParser(bytes: bytes, from: p, to: end)
            if !Self.isBlank(bytes, p..<end) {
                let members: [(key: String, value: JSONScalar)]
                do { members = try parser.object() } catch { throw error.located(in: source) }
                for (key, value) in members {
                    if index[key] == nil {
                        index[key] = names.count
                        names.append(key)
                        keys.append(JSONKeyValues())
                    }
                    keys[index[key]!].append(value, row: rows)
                }
                rows += 1
                do {
                    try Table.requireFits(rows: rows, columns: names.count, "the records up to here", limit: maximumValues)
                } catch {
                    throw source.error(error.kind, error.message, at: p)
                }
            }
            p = next
        }
        guard rows > 0 else {
            throw DataError(.emptyFile, source.contentStart == source.count ? "the file is empty" : "the file has only blank lines", file: source.name)
        }
        for name in options.columnTypes.keys.sorted() where index[name] == nil {
            throw DataError.unknownColumn(name, among: names).located(file: source.name)
        }
        var columns = [Column]()
        for (c, name) in names.enumerated() {
            columns.append(try column(name, keys[c], rowCount: rows))
        }
        return (columns, rows)
    }

    private static func isBlank(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        range.allSatisfy { bytes[$0] == 0x20 || bytes[$0] == 0x09 || bytes[$0] == 0x0D }
    }

    /// A typed column of `rowCount` rows from the values of one key.
    private func column(_ name: String, _ cells: JSONKeyValues, rowCount: Int) throws(DataError) -> Column {
        let missing = cells.missingMask(rowCount: rowCount)
        let type = options.columnTypes[name] ?? inferredType(cells.values)
        switch type {
        case .number:
            let values = try cells.dense(rowCount: rowCount, absent: Double.nan) { cell throws(DataError) -> Double in
                switch cell.value {
                case .missing: return .nan
                case .number(let lexeme, _): return lexeme.value
                default: throw rejection(name, cell, "a number")
                }
            }
            return Column(unchecked: name, values: .number(values), missing: missing)
        case .integer:
            let values = try cells.dense(rowCount: rowCount, absent: Int64(0)) { cell throws(DataError) -> Int64 in
                switch cell.value {
                case .missing: return 0
                case .number(let lexeme, _) where lexeme.integer != nil: return lexeme.integer!
                default: throw rejection(name, cell, "an integer")
                }
            }
            return Column(unchecked: name, values: .integer(values), missing: missing)
        case .boolean:
            let values = try cells.dense(rowCount: rowCount, absent: false) { cell throws(DataError) -> Bool in
                switch cell.value {
                case .missing: return false
                case .boolean(let b): return b
                default: throw rejection(name, cell, "true or false")
                }
            }
            return Column(unchecked: name, values: .boolean(values), missing: missing)
        case .text, .categorical:
            let forced = options.columnTypes[name]
            let strings = cells.dense(rowCount: rowCount, absent: "") { $0.text ?? "" }
            return ColumnAssembler.textColumn(name, strings, missing: missing, forced: forced, options: options)
        }
    }

    /// The type JSON's own value types imply (see the type's documentation).
    private func inferredType(_ cells: [JSONScalar]) -> ColumnType {
        var sawInteger = false, sawNumber = false, sawBoolean = false, sawString = false
        for cell in cells {
            switch cell.value {
            case .missing: break
            case .number(let lexeme, _): if lexeme.integer != nil { sawInteger = true } else { sawNumber = true }
            case .boolean: sawBoolean = true
            case .string: sawString = true
            }
        }
        if sawString || (sawBoolean && (sawInteger || sawNumber)) { return sawString && !sawBoolean && !sawInteger && !sawNumber ? .categorical : .text }
        if sawBoolean { return .boolean }
        if sawNumber { return .number }
        return sawInteger ? .integer : .number
    }

    private func rejection(_ name: String, _ cell: JSONScalar, _ expected: String) -> DataError {
        let found = cell.text.map { "'\($0.prefix(40))'" } ?? "null"
        return source.error(.invalidValue, "column '\(name)': expected \(expected), found \(found)", at: cell.offset)
    }
}
