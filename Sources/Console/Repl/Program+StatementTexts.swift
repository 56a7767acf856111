import Language

extension Program {
    /// Each top-level statement's source: its own lines (a block's body
    /// included) and the comment lines right above it, which describe it.
    /// Used to record, save and echo statements as cells.
    var statementTexts: [String] {
        let firstLines = statements.map { source.line(of: $0.range.start) }
        let lastLines = statements.map { source.line(of: Swift.max($0.range.start, $0.range.end - 1)) }
        return statements.indices.map { i in
            let floor = i == 0 ? 1 : lastLines[i - 1] + 1
            var first = firstLines[i]
            while first - 1 >= floor, source.lineText(first - 1).trimmingSpaces().hasPrefix("#") { first -= 1 }
            return (first...Swift.max(first, lastLines[i])).map(source.lineText).joined(separator: "\n").trimmingTrailingBlankLines()
        }
    }
}
