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
