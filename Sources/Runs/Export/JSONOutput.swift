import Foundation

/// JSON as mlx prints it for tools (`--json`): pretty, keys sorted so that
/// outputs diff well, times in ISO 8601, no numbers JSON cannot hold.
public enum JSONOutput {
    /// `value` as JSON text.
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Callers pass finite numbers or nil (see `finite`), so encoding cannot fail.
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    /// `x`, or nil (null) for NaN and the infinities, which JSON cannot write.
    public static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

    /// ISO 8601 in UTC with milliseconds, so that runs a second apart still sort.
    /// Make one per document: a formatter costs more to make than to use.
    public static func dateFormatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}

extension JSONOutput {
    /// A JSON object that writes every key, nil as null. Synthesized Encodable
    /// leaves nil keys out, and a reader could not tell a field that does not
    /// apply from one that is missing.
    public struct Object: Encodable {
        private let fields: [(key: String, value: any Encodable)]

        /// An object of these keys and values (an Optional value writes null when nil).
        public init(_ fields: KeyValuePairs<String, any Encodable>) {
            self.fields = fields.map { ($0.key, $0.value) }
        }

        /// Writes every field under its key.
        public func encode(to encoder: Encoder) throws {
            var object = encoder.container(keyedBy: Key.self)
            for field in fields { try object.encode(field.value, forKey: Key(field.key)) }
        }

        private struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(_ name: String) { stringValue = name }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }
}

extension JSONOutput {
    /// A JSON value to write with `text(_:)`, for documents large enough that
    /// JSONEncoder's generic path is most of a command's time (`mlx runs
    /// --json` of ten thousand runs took a quarter of a second in it).
    public enum Value {
        case null
        case integer(Int)
        /// Written null when not finite, as `finite` makes it.
        case number(Double)
        case string(String)
        case array([Value])
        /// Written with its keys sorted; its keys are distinct (as Swift compares strings).
        case object([(key: String, value: Value)])
    }

    /// `value` as `encode` writes the same document: pretty, two spaces an
    /// indent, `" : "` after a key, keys sorted by their UTF-8 bytes, numbers
    /// as Swift describes them without a trailing `.0`, slashes unescaped.
    public static func text(_ value: Value) -> String {
        var writer = TextWriter()
        writer.write(value, depth: 0)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private struct TextWriter {
        var bytes = [UInt8]()

        mutating func write(_ value: Value, depth: Int) {
            switch value {
            case .null: append("null")
            case .integer(let n): append(String(n))
            case .number(let x): writeNumber(x)
            case .string(let s): writeString(s)
            case .array(let elements):
                append("[\n")
                for (index, element) in elements.enumerated() {
                    startElement(index, depth: depth + 1)
                    write(element, depth: depth + 1)
                }
                close("]", depth: depth)
            case .object(let fields):
                append("{\n")
                for (index, field) in fields.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                    startElement(index, depth: depth + 1)
                    writeString(field.key)
                    append(" : ")
                    write(field.value, depth: depth + 1)
                }
                close("}", depth: depth)
            }
        }

        /// Each element of an array or object on a line of its own.
        private mutating func startElement(_ index: Int, depth: Int) {
            if index > 0 { append(",\n") }
            indent(depth)
        }

        /// An empty array or object keeps an empty line between its brackets.
        private mutating func close(_ bracket: String, depth: Int) {
            append("\n")
            indent(depth)
            append(bracket)
        }

        private mutating func writeNumber(_ x: Double) {
            guard x.isFinite else { return append("null") }
            var text = x.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            append(text)
        }

        private mutating func writeString(_ s: String) {
            bytes.append(UInt8(ascii: "\""))
            // Most strings (ids, names, times) need no escape: copied whole.
            if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                bytes.append(contentsOf: s.utf8)
                return bytes.append(UInt8(ascii: "\""))
            }
            for byte in s.utf8 {
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0x08: append("\\b")
                case 0x0C: append("\\f")
                case UInt8(ascii: "\n"): append("\\n")
                case UInt8(ascii: "\r"): append("\\r")
                case UInt8(ascii: "\t"): append("\\t")
                case 0..<0x20:
                    append("\\u00")
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }

        private static let hexDigits = Array("0123456789abcdef".utf8)

        private mutating func indent(_ depth: Int) {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }

        private mutating func append(_ text: String) {
            bytes.append(contentsOf: text.utf8)
        }
    }
}
