import Language

extension Program {
    /// Each top-level statement's source: its own lines (a block's body
    /// included) and the comment lines right above it, which describe it.
    /// Used to record, save and echo statements as cells.
    var statementTexts: [String] {
        let firstLines = statements.map { source.line(of: $0.range.start) }
        let lastLines = statements.map { source.line(of: Swift.max($0.range.start, $0.range.end - 1)) }
        // Each line once, with its first byte that is not a space: statements
        // are recorded as a script runs, so this is on every recorded run's path.
        let lines = (1...Swift.max(1, lastLines.last ?? 1)).map(source.lineText)
        let leading = lines.map { $0.utf8.first { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") } }
        return statements.indices.map { i in
            let floor = i == 0 ? 1 : lastLines[i - 1] + 1
            var first = firstLines[i]
            while first - 1 >= floor, leading[first - 2] == UInt8(ascii: "#") { first -= 1 }
            var last = Swift.max(first, lastLines[i])
            while last >= first, leading[last - 1] == nil { last -= 1 }  // trailing blank lines
            // Joined by hand: `joined` on a slice instantiates its generic types by
            // name at run time, the slowest part of this on every recorded run.
            var text = ""
            for line in (first - 1)..<Swift.max(first - 1, last) {
                if line > first - 1 { text += "\n" }
                text += lines[line]
            }
            return text
        }
    }
}
