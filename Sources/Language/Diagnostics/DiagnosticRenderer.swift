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
    /// The most diagnostics one list shows: past a hundred errors, more of them help nobody,
    /// and a million-line script of errors should not print a million.
    public static let maximumShown = 100

    public func render(_ d: Diagnostic) -> String {
        render(d, column: d.column)
    }

    /// The first `maximumShown` diagnostics, separated by blank lines, then how many more there are.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        var text = renderEach(diagnostics.prefix(Self.maximumShown)).joined(separator: "\n\n")
        let more = diagnostics.count - Swift.min(diagnostics.count, Self.maximumShown)
        if more > 0 { text += "\n\n… and \(more) more error\(more == 1 ? "" : "s") (only the first \(Self.maximumShown) are shown)" }
        return text
    }

    /// Each diagnostic on its own, in order.
    public func renderEach(_ diagnostics: some Sequence<Diagnostic>) -> [String] {
        var columns = ColumnCursor()
        return diagnostics.map { render($0, column: columns.column(of: $0.range.start, in: $0.source)) }
    }

    /// `d`, whose start is at `column` of its line.
    private func render(_ d: Diagnostic, column: Int) -> String {
        let line = d.line
        let header = "\(d.source.name.visible):\(line):\(column): \(paint(d.severity.rawValue + ":", severityColour(d.severity))) \(d.message.visible)"
        let excerpt = LineExcerpt(d.source, line: line, range: d.range, width: Self.lineWidth)
        let gutter = String(line)
        let blank = String(repeating: " ", count: gutter.count)
        let caret = String(repeating: " ", count: excerpt.caretOffset) + paint("^" + String(repeating: "~", count: Swift.max(1, excerpt.caretWidth) - 1), "32")
        var lines = [header, "  \(gutter) | \(excerpt.text)", "  \(blank) | \(caret)"]
        for note in d.notes { lines.append("  \(blank) = \(note.visible)") }
        return lines.joined(separator: "\n")
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
    /// so a script or data file cannot send escape sequences to the terminal, and
    /// bidirectional controls their escapes (`\u{202E}`), so it cannot reorder the text shown.
    public var visible: String {
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x09: result.append(" ")
            case 0x00...0x1F: result.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: result.append("\u{2421}")
            case 0x80...0x9F: result.append("\u{FFFD}")
            case _ where scalar.isBidirectionalControl: result.append(contentsOf: scalar.escapedForDisplay.unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}

extension Unicode.Scalar {
    /// The embeddings, overrides and isolates of the Unicode bidirectional algorithm
    /// (U+202A–U+202E, U+2066–U+2069): printed raw, they reorder the text around them, so a
    /// line can read differently from what it holds ("Trojan Source").
    public var isBidirectionalControl: Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    /// The scalar as the language writes its escape: `\u{202E}`.
    public var escapedForDisplay: String {
        "\\u{" + String(value, radix: 16, uppercase: true) + "}"
    }
}

extension Character {
    /// Terminal columns: two for East Asian wide and fullwidth characters and emoji, none
    /// for format characters (a zero-width space, a joiner), else one.
    var displayWidth: Int {
        guard let first = unicodeScalars.first else { return 0 }
        if first.value >= 0x300, first.properties.generalCategory == .format { return 0 }
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
