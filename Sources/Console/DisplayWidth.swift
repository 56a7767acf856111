/// How many terminal cells a string occupies.
///
/// Wide East Asian characters and emoji take two cells, combining marks and format
/// characters (a zero-width space, a joiner, a bidirectional control) none; everything else one. Good enough for aligning table columns, which is all
/// it is for.
public enum DisplayWidth {
    /// The terminal cells `text` occupies.
    public static func of(_ text: String) -> Int {
        // Printable ASCII, nearly every cell of a table, is one column a byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    /// The terminal cells one scalar occupies: 0, 1 or 2.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        // No mark or wide character comes before U+0300, and looking up a
        // scalar's general category is what makes wide tables slow to lay out.
        // (The soft hyphen, the one format character below it, shows as a hyphen.)
        if v < 0x300 { return v == 0 ? 0 : 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0xFE00...0xFE0F).contains(v) { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }

    /// `text` cut to at most `limit` cells, with an ellipsis when cut.
    public static func truncate(_ text: String, to limit: Int) -> String {
        guard of(text) > limit else { return text }
        var result = ""
        var used = 0
        for character in text {
            let w = of(String(character))
            if used + w > limit - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// `text` padded with spaces to `width` cells, on the left when `right`-aligned.
    public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: Swift.max(0, width - of(text)))
        return right ? padding + text : text + padding
    }
}
