/// Draws diagnostics the way compilers do:
///
///     iris.mlx:3:14: error: expected ')' to close '(' at line 3
///       3 | x = mean(iris.a
///         |              ^
public struct DiagnosticRenderer: Sendable {
    /// Use ANSI colours (only on a terminal, never when NO_COLOR is set: the caller decides).
    public var colour: Bool

    public init(colour: Bool = false) { self.colour = colour }

    /// The most characters of a source line shown; a longer line is cut around the caret.
    static let lineWidth = 120

    public func render(_ d: Diagnostic) -> String {
        let line = d.line, column = d.column
        let header = "\(d.source.name):\(line):\(column): \(paint(d.severity.rawValue + ":", severityColour(d.severity))) \(d.message.visible)"
        var text = Array(d.source.lineText(line).visible)
        var caretStart = Swift.max(0, Swift.min(column - 1, text.count))
        let sameLineEnd = d.source.line(of: Swift.max(d.range.start, d.range.end - 1)) == line ? d.source.column(of: d.range.end) : text.count + 1
        var caretCount = Swift.max(1, sameLineEnd - column)
        if text.count > Self.lineWidth {
            // A window around the caret, with an ellipsis where the line goes on.
            let from = Swift.max(0, Swift.min(caretStart - Self.lineWidth / 3, text.count - Self.lineWidth))
            let to = from + Self.lineWidth
            caretCount = Swift.min(caretCount, to - caretStart)
            text = (from > 0 ? ["…"] : []) + Array(text[from..<to]) + (to < text.count ? ["…"] : [])
            caretStart += (from > 0 ? 1 : 0) - from
        }
        let gutter = String(line)
        let blank = String(repeating: " ", count: gutter.count)
        // Columns on the terminal: wide characters take two.
        let padding = text[..<caretStart].reduce(0) { $0 + $1.displayWidth }
        let underlined = text[caretStart..<Swift.min(text.count, caretStart + caretCount)].reduce(0) { $0 + $1.displayWidth }
        let caret = String(repeating: " ", count: padding) + paint("^" + String(repeating: "~", count: Swift.max(1, underlined) - 1), "32")
        var lines = [header, "  \(gutter) | \(String(text))", "  \(blank) | \(caret)"]
        for note in d.notes { lines.append("  \(blank) = \(note.visible)") }
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
    /// The text safe to print: a tab becomes a space (one column, so the caret stays right),
    /// other control characters their Unicode control pictures (␛ for escape, ␀ for NUL),
    /// so a script or data file cannot send escape sequences to the terminal.
    public var visible: String {
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x09: result.append(" ")
            case 0x00...0x1F: result.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: result.append("\u{2421}")
            case 0x80...0x9F: result.append("\u{FFFD}")
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}

extension Character {
    /// Terminal columns: two for East Asian wide and fullwidth characters and emoji, else one.
    var displayWidth: Int {
        guard let first = unicodeScalars.first else { return 0 }
        if first.properties.isEmojiPresentation || (unicodeScalars.count > 1 && unicodeScalars.contains { $0.value == 0xFE0F }) { return 2 }
        switch first.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
