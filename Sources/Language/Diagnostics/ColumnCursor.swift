/// Columns of places met in order: one on the same line as the last is counted on from it,
/// so that a hundred errors on a line of megabytes read the line once, not a hundred times.
public struct ColumnCursor {
    private var last: (source: SourceFile, offset: Int, column: Int)?

    public init() {}

    /// The one-based column (in characters) of byte `offset` of `source`.
    public mutating func column(of offset: Int, in source: SourceFile) -> Int {
        let column: Int
        if let last, last.offset <= offset, last.source == source, source.line(of: last.offset) == source.line(of: offset) {
            column = last.column + source.characterCount(last.offset, offset)
        } else {
            column = source.column(of: offset)
        }
        last = (source, offset, column)
        return column
    }
}
