/// The lexical pieces of JSON (RFC 8259) over a byte buffer: white space,
/// literals, numbers and strings with their escapes. The JSON Lines reader and
/// the model server's request parser build their grammars on it, so both read
/// numbers and strings alike and point at the same byte when they cannot.
public struct JSONScanner {
    /// What could not be read, and the byte offset it was found at.
    public struct Failure: Error, Equatable, Sendable {
        /// What was expected or found, without a location ("trailing comma").
        public let message: String
        /// The byte offset of the failure in the input.
        public let offset: Int
        /// The failure is at the end of the input (a caller may say so: "found the end of …").
        public let atEnd: Bool

        /// A failure at `offset`.
        public init(message: String, offset: Int, atEnd: Bool) {
            self.message = message
            self.offset = offset
            self.atEnd = atEnd
        }
    }

    /// The input; it must outlive the scanner.
    public let bytes: UnsafeRawBufferPointer
    /// The end of the input (exclusive).
    public let limit: Int
    /// The next byte to read.
    public var position: Int

    /// A scanner over `bytes[start..<limit]` (the whole buffer by default).
    public init(bytes: UnsafeRawBufferPointer, from start: Int = 0, to limit: Int? = nil) {
        self.bytes = bytes
        self.limit = limit ?? bytes.count
        position = start
    }

    /// The next byte, nil at the end.
    public var peek: UInt8? { position < limit ? bytes[position] : nil }

    /// A failure at the current position.
    public func failure(_ message: String) -> Failure {
        Failure(message: message, offset: position, atEnd: position >= limit)
    }

    /// Skips spaces, tabs, carriage returns and line feeds.
    public mutating func skipSpace() {
        while position < limit, case let byte = bytes[position], byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A { position += 1 }
    }

    /// Reads `word` (`true`, `false`, `null`) if it is next.
    public mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= limit, (0..<count).allSatisfy({ bytes[position + $0] == word.utf8Start[$0] }) else { return false }
        position += count
        return true
    }

    /// A number in JSON's grammar, `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`,
    /// correctly rounded (a magnitude beyond doubles reads as an infinity).
    public mutating func number() throws(Failure) -> Double { try numberLexeme().value }

    /// The number at the current position with how it was written.
    mutating func numberLexeme() throws(Failure) -> NumberLexeme {
        let start = position
        if peek == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        guard digits() > 0 else { throw failure("expected a value") }
        if bytes[integerStart] == UInt8(ascii: "0"), position - integerStart > 1 {
            throw Failure(message: "numbers cannot have leading zeros", offset: start, atEnd: false)
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw failure("expected digits after '.'") }
        }
        if let e = peek, e | 0x20 == UInt8(ascii: "e") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw failure("expected digits in the exponent") }
        }
        guard let lexeme = NumberLexeme.parse(bytes, from: start, to: position), lexeme.end == position else { throw failure("expected a value") }
        return lexeme
    }

    private mutating func digits() -> Int {
        let start = position
        while position < limit, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
        return position - start
    }

    /// A string with its escapes decoded; the position is at the opening quote.
    public mutating func string() throws(Failure) -> String {
        if let plain = plainString() { return plain }
        let open = position
        position += 1
        var decoded = [UInt8]()
        while true {
            guard let byte = peek else { throw Failure(message: "unterminated string", offset: open, atEnd: false) }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                guard let text = decoded.withUnsafeBytes({ Self.validUTF8($0) }) else {
                    throw Failure(message: "the string is not valid UTF-8", offset: open, atEnd: false)
                }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &decoded)
            case ..<0x20:
                throw failure("control character in a string (escape it)")
            default:
                decoded.append(byte)
                position += 1
            }
        }
    }

    /// The common case, a string without escapes or control characters, sliced
    /// straight from the input; nil (and the position unmoved) for any other.
    private mutating func plainString() -> String? {
        var end = position + 1, ascii = true
        while end < limit {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            end += 1
        }
        guard end < limit else { return nil }
        let content = UnsafeRawBufferPointer(rebasing: bytes[(position + 1)..<end])
        let text = ascii ? String(decoding: content, as: UTF8.self) : Self.validUTF8(content)
        if text != nil { position = end + 1 }
        return text
    }

    /// `bytes` as a string, or nil if they are not valid UTF-8 (decoding replaces
    /// invalid sequences, so a valid string is one whose bytes come back unchanged).
    private static func validUTF8(_ bytes: UnsafeRawBufferPointer) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    private mutating func escape(into decoded: inout [UInt8]) throws(Failure) {
        let at = position
        position += 1
        guard let code = peek else { throw Failure(message: "unterminated string", offset: at, atEnd: false) }
        position += 1
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(code)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"): decoded.append(contentsOf: try unicodeEscape(at: at))
        default: throw Failure(message: "unknown escape '\\\(Character(Unicode.Scalar(code)))'", offset: at, atEnd: false)
        }
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`, as UTF-8.
    private mutating func unicodeEscape(at: Int) throws(Failure) -> String.UTF8View {
        let unpaired = Failure(message: "unpaired surrogate", offset: at, atEnd: false)
        var scalar = try hex4(at: at)
        if (0xD800..<0xDC00).contains(scalar), position + 1 < limit, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
            position += 2
            let low = try hex4(at: at)
            guard (0xDC00..<0xE000).contains(low) else { throw unpaired }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw unpaired }
        return String(Character(unicode)).utf8
    }

    private mutating func hex4(at: Int) throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = Self.hexDigit(byte) else {
                throw Failure(message: "'\\u' needs four hex digits", offset: at, atEnd: false)
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
