/// What parsing one chunk produced.
struct ChunkResult: @unchecked Sendable {
    /// The bytes the chunk covered.
    var range: Range<Int>
    /// One builder per column.
    var builders: [ColumnBuilder]
    /// How the chunk ended.
    var outcome: CSVChunkParser.Outcome

    /// Number of records parsed.
    var rowCount: Int { builders.first?.rows ?? 0 }

    /// Parses `range` with `parser`, first checking that it is valid UTF-8;
    /// of an encoding error and a parse error, the earlier one is kept.
    static func parse(
        _ range: Range<Int>, isFinal: Bool, parser: CSVChunkParser, types: [ColumnType?], expectedRows: Int,
        pool: PayloadPool? = nil
    ) -> ChunkResult {
        var builders = types.map { ColumnBuilder(forced: $0, expectedRows: expectedRows, pool: pool) }
        var outcome = parser.parse(range, isFinal: isFinal, into: &builders)
        if let bad = UTF8Validator.firstInvalid(in: parser.scanner.bytes, range) {
            let encoding = PendingError.invalidUTF8(parser.scanner.bytes, at: bad)
            switch outcome {
            case .failed(let error) where error.offset < bad: break
            default: outcome = .failed(encoding)
            }
        }
        return ChunkResult(range: range, builders: builders, outcome: outcome)
    }
}
