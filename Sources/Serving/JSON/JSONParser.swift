/// A strict RFC 8259 parser for request bodies.
///
/// Written for hostile input: nesting is bounded (so a deep document cannot
/// exhaust the stack), duplicate keys and invalid UTF-8 are refused, and every
/// error says where it is as a line and column.
struct JSONParser {
    /// Deeper documents are refused; no request the server reads nests beyond 4.
    static let maximumDepth = 64

    /// A syntax error and the byte offset it was found at.
    struct SyntaxError: Error, Equatable {
        let message: String
        let offset: Int
    }

    private let bytes: UnsafeRawBufferPointer
    private var i = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The single JSON value in `bytes` (white space around it allowed).
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(SyntaxError) -> JSONValue {
        var parser = JSONParser(bytes)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.i == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    /// Parses `bytes`, reporting an error as "invalid JSON at line L, column C: …".
    static func parse(_ bytes: [UInt8]) throws(RequestError) -> JSONValue {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(SyntaxError) -> JSONValue in try parse(buffer) } }
        switch result {
        case .success(let value): return value
        case .failure(let error):
            let (line, column) = location(of: error.offset, in: bytes)
            throw RequestError(.badRequest, "invalid JSON at line \(line), column \(column): \(error.message)")
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func location(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private func error(_ message: String, at offset: Int? = nil) -> SyntaxError {
        let at = offset ?? i
        return SyntaxError(message: at < bytes.count ? message : message + " (found the end of the body)", offset: at)
    }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { i += 1 }
    }

    private mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
        guard let byte = peek else { throw error("expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .boolean(true))
        case UInt8(ascii: "f"): return try literal("false", .boolean(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw error("NaN and Infinity are not JSON numbers")
        default:
            throw error("expected a value, found \(Self.describe(byte))")
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(SyntaxError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count, (0..<count).allSatisfy({ bytes[i + $0] == word.utf8Start[$0] }) else {
            throw error("expected a value (true, false, null, a number, a string, an array or an object)")
        }
        i += count
        return value
    }

    private mutating func nested(_ depth: Int) throws(SyntaxError) {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        i += 1
        skipSpace()
    }

    private mutating func array(depth: Int) throws(SyntaxError) -> JSONValue {
        try nested(depth)
        var elements = [JSONValue]()
        if peek == UInt8(ascii: "]") {
            i += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth))
            skipSpace()
            guard try separator(closing: "]") else { return .array(elements) }
        }
    }

    private mutating func object(depth: Int) throws(SyntaxError) -> JSONValue {
        try nested(depth)
        var members = [(key: String, value: JSONValue)]()
        // Records have a handful of keys: a linear scan beats hashing them; a Set keeps a
        // hostile object with thousands of keys from costing quadratic time.
        var keys: Set<String>?
        if peek == UInt8(ascii: "}") {
            i += 1
            return .object(members)
        }
        while true {
            guard peek == UInt8(ascii: "\"") else { throw error("expected a string key in double quotes") }
            let keyOffset = i
            let key = try string()
            guard Self.isNew(key, among: members, keys: &keys) else { throw error("duplicate key \"\(key)\"", at: keyOffset) }
            skipSpace()
            guard peek == UInt8(ascii: ":") else { throw error("expected ':' after the key \"\(key)\"") }
            i += 1
            skipSpace()
            members.append((key, try value(depth: depth)))
            skipSpace()
            guard try separator(closing: "}") else { return .object(members) }
        }
    }

    /// Whether `key` is not yet a member; switches to a set past 16 members.
    private static func isNew(_ key: String, among members: [(key: String, value: JSONValue)], keys: inout Set<String>?) -> Bool {
        if keys == nil, members.count >= 16 { keys = Set(members.map(\.key)) }
        if keys != nil { return keys?.insert(key).inserted ?? true }
        return !members.contains { $0.key == key }
    }

    /// After an element: true at a comma (more follow), false at the closing bracket.
    private mutating func separator(closing: Unicode.Scalar) throws(SyntaxError) -> Bool {
        if peek == UInt8(ascii: ",") {
            i += 1
            skipSpace()
            if peek == UInt8(ascii: "]") || peek == UInt8(ascii: "}") { throw error("trailing comma") }
            return true
        }
        guard peek == UInt8(closing.value) else { throw error("expected ',' or '\(closing)'") }
        i += 1
        return false
    }

    /// A number in JSON's grammar, `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    /// Too large a magnitude reads as an infinity, which the row checks refuse by column.
    private mutating func number() throws(SyntaxError) -> Double {
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        let integerStart = i
        guard digits() > 0 else { throw error("expected digits after '-'") }
        if bytes[integerStart] == UInt8(ascii: "0"), i - integerStart > 1 { throw error("numbers cannot have leading zeros", at: integerStart) }
        if peek == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw error("expected digits after '.'") }
        }
        if let e = peek, e | 0x20 == UInt8(ascii: "e") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw error("expected digits in the exponent") }
        }
        if let exact = Self.exactDouble(UnsafeRawBufferPointer(rebasing: bytes[start..<i])) { return exact }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let value = Double(text) else { throw error("unreadable number", at: start) }
        return value
    }

    /// Powers of ten that a double holds exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { value, _ in value * 10 } }

    /// A number already known to be in JSON's grammar, without going through text,
    /// when the result is exact: at most 15 significant digits and a power of ten up to
    /// 10²², so one correctly rounded multiplication or division gives the correctly
    /// rounded value (Clinger's fast path). Other numbers return nil and go to `Double(_:)`.
    private static func exactDouble(_ text: UnsafeRawBufferPointer) -> Double? {
        var index = 0, mantissa: UInt64 = 0, digits = 0, scale = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { index += 1 }
        var inFraction = false
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                inFraction = true
            } else if byte &- UInt8(ascii: "0") < 10 {
                if mantissa > 0 || byte != UInt8(ascii: "0") { digits += 1 }
                guard digits <= 15 else { return nil }
                mantissa = mantissa * 10 + UInt64(byte &- UInt8(ascii: "0"))
                if inFraction { scale -= 1 }
            } else {
                break
            }
            index += 1
        }
        if index < text.count {
            // An exponent: [eE][+-]?digits.
            index += 1
            var exponentNegative = false
            if text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
                exponentNegative = text[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            while index < text.count {
                exponent = exponent * 10 + Int(text[index] &- UInt8(ascii: "0"))
                guard exponent < 1000 else { return nil }
                index += 1
            }
            scale += exponentNegative ? -exponent : exponent
        }
        guard abs(scale) <= 22 else { return mantissa == 0 ? (negative ? -0.0 : 0.0) : nil }
        let magnitude = scale < 0 ? Double(mantissa) / exactPowersOfTen[-scale] : Double(mantissa) * exactPowersOfTen[scale]
        return negative ? -magnitude : magnitude
    }

    private mutating func digits() -> Int {
        let start = i
        while let byte = peek, byte &- UInt8(ascii: "0") < 10 { i += 1 }
        return i - start
    }

    /// A string with its escapes decoded; `i` is at the opening quote.
    private mutating func string() throws(SyntaxError) -> String {
        if let plain = plainString() { return plain }
        let open = i
        i += 1
        var decoded = [UInt8]()
        while true {
            guard let byte = peek else { throw error("unterminated string", at: open) }
            switch byte {
            case UInt8(ascii: "\""):
                i += 1
                guard let text = decoded.withUnsafeBytes({ Self.validUTF8($0) }) else { throw error("the string is not valid UTF-8", at: open) }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &decoded)
            case ..<0x20:
                throw error("control character in a string (escape it)")
            default:
                decoded.append(byte)
                i += 1
            }
        }
    }

    /// The common case, a string with no escapes and no control characters, read
    /// straight from the body; nil (and `i` unmoved) for any other string.
    private mutating func plainString() -> String? {
        var end = i + 1, ascii = true
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            end += 1
        }
        guard end < bytes.count else { return nil }
        let content = UnsafeRawBufferPointer(rebasing: bytes[(i + 1)..<end])
        let text = ascii ? String(decoding: content, as: UTF8.self) : Self.validUTF8(content)
        if text != nil { i = end + 1 }
        return text
    }

    /// `bytes` as a string, or nil if they are not valid UTF-8 (decoding replaces
    /// invalid sequences, so a valid string is one whose bytes come back unchanged).
    private static func validUTF8(_ bytes: UnsafeRawBufferPointer) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    private mutating func escape(into decoded: inout [UInt8]) throws(SyntaxError) {
        let at = i
        i += 1
        guard let code = peek else { throw error("unterminated string") }
        i += 1
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(code)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"): decoded.append(contentsOf: try unicodeEscape(at: at))
        default: throw error("unknown escape '\\\(Character(Unicode.Scalar(code)))'", at: at)
        }
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`, as UTF-8.
    private mutating func unicodeEscape(at: Int) throws(SyntaxError) -> String.UTF8View {
        var scalar = try hex4(at: at)
        if (0xD800..<0xDC00).contains(scalar), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
            i += 2
            let low = try hex4(at: at)
            guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a \\u escape", at: at) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error("unpaired surrogate in a \\u escape", at: at) }
        return String(Character(unicode)).utf8
    }

    private mutating func hex4(at: Int) throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = Self.hexDigit(byte) else { throw error("'\\u' needs four hex digits", at: at) }
            value = value << 4 | digit
            i += 1
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

    /// A byte for a message: the character if printable ASCII, else its hex value.
    private static func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
