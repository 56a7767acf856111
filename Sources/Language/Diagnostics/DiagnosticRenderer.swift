/// Draws diagnostics the way compilers do:
///
///     iris.mlx:3:14: error: expected ')' to close '(' at line 3
///       3 | x = mean(iris.a
///         |              ^
public struct DiagnosticRenderer: Sendable {
    /// Use ANSI colours (only on a terminal, never when NO_COLOR is set: the caller decides).
    public var colour: Bool

    public init(colour: Bool = false) { self.colour = colour }

    public func render(_ d: Diagnostic) -> String {
        let line = d.line, column = d.column
        let header = "\(d.source.name):\(line):\(column): \(paint(d.severity.rawValue + ":", severityColour(d.severity))) \(d.message)"
        let text = d.source.lineText(line).replacingTabs()
        let gutter = String(line)
        let blank = String(repeating: " ", count: gutter.count)
        let caretStart = Swift.max(0, column - 1)
        let sameLineEnd = d.source.line(of: Swift.max(d.range.start, d.range.end - 1)) == line ? d.source.column(of: d.range.end) : text.count + 1
        let caretWidth = Swift.max(1, sameLineEnd - column)
        let caret = String(repeating: " ", count: caretStart) + paint("^" + String(repeating: "~", count: caretWidth - 1), "32")
        var lines = [header, "  \(gutter) | \(text)", "  \(blank) | \(caret)"]
        for note in d.notes { lines.append("  \(blank) = \(note)") }
        return lines.joined(separator: "\n")
    }

    /// All diagnostics, separated by blank lines.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n\n")
    }

    private func severityColour(_ s: Diagnostic.Severity) -> String {
        switch s {
        case .error: return "1;31"
        case .warning: return "1;33"
        case .note: return "1;36"
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    /// Tabs become single spaces so the caret column stays right.
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
