/// Parses one JSON Lines record: a flat object whose values are numbers,
/// strings, booleans or null. Written by hand for speed and for errors that
/// point at the exact byte (Foundation's parser reports neither line nor column).
struct JSONLineParser {
    let bytes: UnsafeRawBufferPointer
    /// The end of the line (exclusive, before any CR LF).
    let limit: Int
    private(set) var i: Int

    init(bytes: UnsafeRawBufferPointer, from start: Int, to limit: Int) {
        self.bytes = bytes
        self.limit = limit
        self.i = start
    }

    /// The object's members in order.
    /// - Throws: `PendingError` at the offending byte.
    mutating func object() throws(PendingError) -> [(key: String, value: JSONScalar)] {
        skipSpace()
        guard peek == UInt8(ascii: "{") else { throw invalid("expected '{' at the start of a JSON Lines record") }
        i += 1
        var members = [(key: String, value: JSONScalar)]()
        var seen = Set<String>()
        skipSpace()
        if peek == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw invalid("expected a string key") }
                let keyStart = i
                let key = try string()
                guard seen.insert(key).inserted else {
                    throw PendingError(.invalidValue, "invalid JSON: duplicate key '\(key)'", at: keyStart)
                }
                skipSpace()
                guard peek == UInt8(ascii: ":") else { throw invalid("expected ':' after the key") }
                i += 1
                skipSpace()
                members.append((key, try scalar(key: key)))
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard peek == UInt8(ascii: "}") else { throw invalid("expected ',' or '}'") }
                i += 1
                break
            }
        }
        skipSpace()
        guard i == limit else { throw invalid("unexpected text after the end of the object") }
        return members
    }

    private var peek: UInt8? { i < limit ? bytes[i] : nil }

    private mutating func skipSpace() {
        while i < limit, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 }
    }

    private func invalid(_ message: String) -> PendingError {
        let found = i < limit ? "" : " (found the end of the line)"
        return PendingError(.invalidValue, "invalid JSON: \(message)\(found)", at: i)
    }

    private mutating func scalar(key: String) throws(PendingError) -> JSONScalar {
        let start = i
        switch peek {
        case UInt8(ascii: "\""):
            return JSONScalar(value: .string(try string()), offset: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            throw PendingError(.invalidValue, "nested objects and arrays are not supported (key '\(key)')", at: start)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            for (word, value) in [("true", JSONScalar.Value.boolean(true)), ("false", .boolean(false)), ("null", .missing)] where literal(word) {
                return JSONScalar(value: value, offset: start)
            }
            throw invalid("expected a value")
        default:
            return try number()
        }
    }

    private mutating func literal(_ word: String) -> Bool {
        let end = i + word.utf8.count
        guard end <= limit, zip(word.utf8, i..<end).allSatisfy({ $0 == bytes[$1] }) else { return false }
        i = end
        return true
    }

    /// A number in JSON's grammar: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func number() throws(PendingError) -> JSONScalar {
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        guard digits() > 0 else { throw invalid("expected a value") }
        if bytes[start] == UInt8(ascii: "0") || (bytes[start] == UInt8(ascii: "-") && bytes[start + 1] == UInt8(ascii: "0")), i - start > (bytes[start] == UInt8(ascii: "-") ? 2 : 1) {
            throw PendingError(.invalidValue, "invalid JSON: numbers cannot have leading zeros", at: start)
        }
        if peek == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw invalid("expected digits after '.'") }
        }
        if let e = peek, e | 0x20 == UInt8(ascii: "e") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw invalid("expected digits in the exponent") }
        }
        guard let lexeme = NumberLexeme.parse(bytes, from: start, to: i), lexeme.end == i else { throw invalid("expected a value") }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        return JSONScalar(value: .number(lexeme, text: text), offset: start)
    }

    private mutating func digits() -> Int {
        let start = i
        while i < limit, bytes[i] &- 48 < 10 { i += 1 }
        return i - start
    }

    /// A string with JSON escapes decoded; `i` is at the opening quote.
    private mutating func string() throws(PendingError) -> String {
        let open = i
        i += 1
        var out = [UInt8]()
        while true {
            guard i < limit else { throw PendingError(.invalidValue, "invalid JSON: unterminated string", at: open) }
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte < 0x20 { throw invalid("control character in a string (escape it)") }
            if byte == UInt8(ascii: "\\") {
                try escape(into: &out)
            } else {
                out.append(byte)
                i += 1
            }
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(PendingError) {
        let at = i
        i += 1
        guard let code = peek else { throw PendingError(.invalidValue, "invalid JSON: unterminated string", at: at) }
        i += 1
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(code)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(at: at)
            if (0xD800..<0xDC00).contains(scalar), literal("\\u") {
                let low = try hex4(at: at)
                guard (0xDC00..<0xE000).contains(low) else { throw PendingError(.invalidValue, "invalid JSON: unpaired surrogate", at: at) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw PendingError(.invalidValue, "invalid JSON: unpaired surrogate", at: at) }
            out.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw PendingError(.invalidValue, "invalid JSON: unknown escape '\\\(Character(Unicode.Scalar(code)))'", at: at)
        }
    }

    private mutating func hex4(at: Int) throws(PendingError) -> UInt32 {
        guard i + 4 <= limit, let value = UInt32(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[i..<i + 4]), as: UTF8.self), radix: 16) else {
            throw PendingError(.invalidValue, "invalid JSON: '\\u' needs four hex digits", at: at)
        }
        i += 4
        return value
    }
}
