/// Parses one JSON Lines record: a flat object whose values are numbers,
/// strings, booleans or null. Written by hand for speed and for errors that
/// point at the exact byte (Foundation's parser reports neither line nor column).
struct JSONLineParser {
    /// Strings, numbers and literals, read as the model server reads them.
    private var scanner: JSONScanner

    init(bytes: UnsafeRawBufferPointer, from start: Int, to limit: Int) {
        scanner = JSONScanner(bytes: bytes, from: start, to: limit)
    }

    /// The object's members in order.
    /// - Throws: `PendingError` at the offending byte.
    mutating func object() throws(PendingError) -> [(key: String, value: JSONScalar)] {
        scanner.skipSpace()
        guard scanner.peek == UInt8(ascii: "{") else { throw invalid("expected '{' at the start of a JSON Lines record") }
        scanner.position += 1
        var members = [(key: String, value: JSONScalar)]()
        var seen = Set<String>()
        scanner.skipSpace()
        if scanner.peek == UInt8(ascii: "}") {
            scanner.position += 1
        } else {
            while true {
                scanner.skipSpace()
                guard scanner.peek == UInt8(ascii: "\"") else { throw invalid("expected a string key") }
                let keyStart = scanner.position
                let key = try string()
                // Valid JSON, but a column without a name could be neither selected nor shown.
                guard !key.isEmpty else { throw PendingError(.invalidValue, "an empty key cannot name a column", at: keyStart) }
                guard seen.insert(key).inserted else {
                    throw PendingError(.invalidValue, "invalid JSON: duplicate key '\(key)'", at: keyStart)
                }
                scanner.skipSpace()
                guard scanner.peek == UInt8(ascii: ":") else { throw invalid("expected ':' after the key") }
                scanner.position += 1
                scanner.skipSpace()
                members.append((key, try scalar(key: key)))
                scanner.skipSpace()
                if scanner.peek == UInt8(ascii: ",") {
                    scanner.position += 1
                    continue
                }
                guard scanner.peek == UInt8(ascii: "}") else { throw invalid("expected ',' or '}'") }
                scanner.position += 1
                break
            }
        }
        scanner.skipSpace()
        guard scanner.position == scanner.limit else { throw invalid("unexpected text after the end of the object") }
        return members
    }

    private func invalid(_ message: String) -> PendingError { Self.pending(scanner.failure(message)) }

    /// A scanner failure as this reader reports it.
    private static func pending(_ failure: JSONScanner.Failure) -> PendingError {
        PendingError(.invalidValue, "invalid JSON: \(failure.message)\(failure.atEnd ? " (found the end of the line)" : "")", at: failure.offset)
    }

    private mutating func string() throws(PendingError) -> String {
        do { return try scanner.string() } catch { throw Self.pending(error) }
    }

    private mutating func scalar(key: String) throws(PendingError) -> JSONScalar {
        let start = scanner.position
        switch scanner.peek {
        case UInt8(ascii: "\""):
            return JSONScalar(value: .string(try string()), offset: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            throw PendingError(.invalidValue, "nested objects and arrays are not supported (key '\(key)')", at: start)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            if scanner.literal("true") { return JSONScalar(value: .boolean(true), offset: start) }
            if scanner.literal("false") { return JSONScalar(value: .boolean(false), offset: start) }
            if scanner.literal("null") { return JSONScalar(value: .missing, offset: start) }
            throw invalid("expected a value")
        default:
            let lexeme: NumberLexeme
            do { lexeme = try scanner.numberLexeme() } catch { throw Self.pending(error) }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: scanner.bytes[start..<scanner.position]), as: UTF8.self)
            return JSONScalar(value: .number(lexeme, text: text), offset: start)
        }
    }
}
