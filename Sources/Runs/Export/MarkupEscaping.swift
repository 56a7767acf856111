/// Text made safe to place in XML or HTML, whatever a run or a script printed.
public enum MarkupEscaping {
    /// Where escaped text is placed; line breaks and tabs need different care in each.
    public enum Place: Sendable {
        /// HTML element content: a raw line break, CR included, shows as a line break.
        case htmlText
        /// XML element content: a CR becomes `&#13;`, since an XML parser reads a
        /// raw CR (or CR LF) as LF.
        case xmlText
        /// A quoted XML attribute value: LF, CR and tab become character
        /// references, since a parser turns raw ones into spaces.
        case xmlAttribute
    }

    /// `text` for `place`: markup characters become entities, and characters
    /// XML 1.0 forbids (most control characters, lone surrogates, U+FFFE/U+FFFF)
    /// become U+FFFD.
    public static func escape(_ text: String, for place: Place = .htmlText) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\r" where place != .htmlText: result += "&#13;"
            case "\n" where place == .xmlAttribute: result += "&#10;"
            case "\t" where place == .xmlAttribute: result += "&#9;"
            case "\n", "\t", "\r": result.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                let allowed = v >= 0x20 && !(0xD800...0xDFFF).contains(v) && v != 0xFFFE && v != 0xFFFF
                result.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return result
    }
}
