import Tables

/// A strict RFC 8259 parser for request bodies.
///
/// Written for hostile input: nesting is bounded (so a deep document cannot
/// exhaust the stack), duplicate keys and invalid UTF-8 are refused, and every
/// error says where it is as a line and column. Strings, numbers and literals
/// are read by the scanner the JSON Lines reader uses.
struct JSONParser {
    /// Deeper documents are refused; no request the server reads nests beyond 4.
    static let maximumDepth = 64

    typealias Failure = JSONScanner.Failure

    private var scanner: JSONScanner

    private init(_ bytes: UnsafeRawBufferPointer) { scanner = JSONScanner(bytes: bytes) }

    /// The single JSON value in `bytes` (white space around it allowed).
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes)
        parser.scanner.skipSpace()
        let value = try parser.value(depth: 0)
        parser.scanner.skipSpace()
        guard parser.scanner.peek == nil else { throw parser.scanner.failure("unexpected text after the JSON value") }
        return value
    }

    /// Parses `bytes`, reporting an error as "invalid JSON at line L, column C: …".
    static func parse(_ bytes: [UInt8]) throws(RequestError) -> JSONValue {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(Failure) -> JSONValue in try parse(buffer) } }
        switch result {
        case .success(let value): return value
        case .failure(let failure):
            let (line, column) = location(of: failure.offset, in: bytes)
            let end = failure.atEnd ? " (found the end of the body)" : ""
            throw RequestError(.badRequest, "invalid JSON at line \(line), column \(column): \(failure.message)\(end)")
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

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard let byte = scanner.peek else { throw scanner.failure("expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try scanner.string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try scanner.number())
        case UInt8(ascii: "N"), UInt8(ascii: "I"): throw scanner.failure("NaN and Infinity are not JSON numbers")
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            if scanner.literal("true") { return .boolean(true) }
            if scanner.literal("false") { return .boolean(false) }
            if scanner.literal("null") { return .null }
            throw scanner.failure("expected a value (true, false, null, a number, a string, an array or an object)")
        default:
            throw scanner.failure("expected a value, found \(Self.describe(byte))")
        }
    }

    /// A byte for a message: the character if printable ASCII, else its hex value.
    private static func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    private mutating func nested(_ depth: Int) throws(Failure) {
        guard depth <= Self.maximumDepth else { throw scanner.failure("nesting deeper than \(Self.maximumDepth) levels") }
        scanner.position += 1
        scanner.skipSpace()
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        try nested(depth)
        var elements = [JSONValue]()
        if scanner.peek == UInt8(ascii: "]") {
            scanner.position += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth))
            scanner.skipSpace()
            guard try separator(closing: "]") else { return .array(elements) }
        }
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        try nested(depth)
        var members = [(key: String, value: JSONValue)]()
        // Records have a handful of keys: a linear scan beats hashing them; a Set keeps a
        // hostile object with thousands of keys from costing quadratic time.
        var keys: Set<String>?
        if scanner.peek == UInt8(ascii: "}") {
            scanner.position += 1
            return .object(members)
        }
        while true {
            guard scanner.peek == UInt8(ascii: "\"") else { throw scanner.failure("expected a string key in double quotes") }
            let keyOffset = scanner.position
            let key = try scanner.string()
            guard Self.isNew(key, among: members, keys: &keys) else {
                throw Failure(message: "duplicate key \"\(key)\"", offset: keyOffset, atEnd: false)
            }
            scanner.skipSpace()
            guard scanner.peek == UInt8(ascii: ":") else { throw scanner.failure("expected ':' after the key \"\(key)\"") }
            scanner.position += 1
            scanner.skipSpace()
            members.append((key, try value(depth: depth)))
            scanner.skipSpace()
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
    private mutating func separator(closing: Unicode.Scalar) throws(Failure) -> Bool {
        if scanner.peek == UInt8(ascii: ",") {
            scanner.position += 1
            scanner.skipSpace()
            if scanner.peek == UInt8(ascii: "]") || scanner.peek == UInt8(ascii: "}") { throw scanner.failure("trailing comma") }
            return true
        }
        guard scanner.peek == UInt8(closing.value) else { throw scanner.failure("expected ',' or '\(closing)'") }
        scanner.position += 1
        return false
    }
}
