import Language

extension Program {
    /// Each top-level statement's source: from the start of its first line
    /// up to the line where the next statement starts, without trailing
    /// blank lines. Used to save and echo statements as cells.
    var statementTexts: [String] {
        let lineCount = source.line(of: source.text.utf8.count)
        let firstLines = statements.map { source.line(of: $0.range.start) }
        return firstLines.indices.map { i in
            let last = i + 1 < firstLines.count ? firstLines[i + 1] - 1 : lineCount
            return (firstLines[i]...Swift.max(firstLines[i], last)).map(source.lineText).joined(separator: "\n")
                .trimmingTrailingBlankLines()
        }
    }
}
