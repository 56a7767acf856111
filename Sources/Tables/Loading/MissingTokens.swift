/// The field contents that mean "missing", matched byte for byte after blanks are trimmed.
struct MissingTokens: Sendable {
    private let tokens: [[UInt8]]
    /// Whether some token reads as a number (e.g. "-999"): then every field
    /// must be checked against the tokens before it is parsed as a number.
    let hasNumericToken: Bool
    /// Whether the empty field is a missing token.
    let includesEmpty: Bool

    init(_ strings: [String]) {
        tokens = strings.map { Array($0.utf8) }
        includesEmpty = strings.contains("")
        hasNumericToken = tokens.contains { token in
            token.withUnsafeBytes { raw in
                guard let lexeme = NumberLexeme.parse(raw, from: 0, to: raw.count) else { return false }
                return lexeme.end == raw.count
            }
        }
    }

    /// Whether `field` (already trimmed) is a missing token.
    @inline(__always)
    func matches(_ field: UnsafeRawBufferPointer) -> Bool {
        if field.isEmpty { return includesEmpty }
        for token in tokens where token.count == field.count {
            if token.withUnsafeBytes({ $0.elementsEqual(field) }) { return true }
        }
        return false
    }
}
