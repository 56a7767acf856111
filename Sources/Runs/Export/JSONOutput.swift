import Foundation
import Tables

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
            case .integer(let n): CanonicalJSON.appendInteger(n, to: &bytes)
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
            CanonicalJSON.appendNumber(x, to: &bytes)
        }

        private mutating func writeString(_ s: String) {
            CanonicalJSON.appendString(s, escapingSlashes: false, to: &bytes)
        }

        private mutating func indent(_ depth: Int) {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }

        private mutating func append(_ text: String) {
            bytes.append(contentsOf: text.utf8)
        }
    }
}
