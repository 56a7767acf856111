import Foundation
import Numerics
import Testing

@testable import Runs

/// `JSONOutput.text` writes byte for byte what `JSONOutput.encode` (JSONEncoder)
/// writes for the same document, so that every `--json` of mlx reads alike.
@Suite struct JSONOutputTests {
    /// The value as JSONEncoder sees it: keyed, unkeyed and single values.
    struct Encoded: Encodable {
        let value: JSONOutput.Value

        func encode(to encoder: Encoder) throws {
            switch value {
            case .null:
                var single = encoder.singleValueContainer()
                try single.encodeNil()
            case .integer(let n):
                var single = encoder.singleValueContainer()
                try single.encode(n)
            case .number(let x):
                var single = encoder.singleValueContainer()
                if x.isFinite { try single.encode(x) } else { try single.encodeNil() }
            case .string(let s):
                var single = encoder.singleValueContainer()
                try single.encode(s)
            case .array(let elements):
                var unkeyed = encoder.unkeyedContainer()
                for element in elements { try unkeyed.encode(Encoded(value: element)) }
            case .object(let fields):
                var keyed = encoder.container(keyedBy: Key.self)
                for field in fields { try keyed.encode(Encoded(value: field.value), forKey: Key(stringValue: field.key)) }
            }
        }

        struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }

    func expectSameAsEncoder(_ value: JSONOutput.Value) {
        #expect(JSONOutput.text(value) == JSONOutput.encode(Encoded(value: value)))
    }

    @Test func stringsEscapeAsJSONEncoderEscapesThem() {
        let everyASCII = String(String.UnicodeScalarView((0..<128).map { Unicode.Scalar(UInt8($0)) }))
        let others = ["", "a/b", "é", "e\u{301}", "🙂", "\u{2028}\u{2029}", "\u{FEFF}", "\\\"", "tab\there", "ü/\\/"]
        expectSameAsEncoder(.array(([everyASCII] + others).map(JSONOutput.Value.string)))
        // Keys are distinct as Swift compares them: "é" and "e\u{301}" are one key.
        expectSameAsEncoder(.object(([everyASCII] + others.filter { $0 != "e\u{301}" }).map { ($0, .string($0)) }))
    }

    @Test func numbersAreWrittenAsJSONEncoderWritesThem() {
        var random = RandomGenerator(seed: 7)
        // A signed fraction in [-1, 1) from the top 53 bits.
        func signed() -> Double { Double(random.next() >> 11) / Double(1 << 52) - 1 }
        var numbers: [Double] = [0, -0.0, 1, -1, 30, 0.1 + 0.2, 1e-5, 1e-7, 1e15, 1e16, 1e17, 1e20, 1e300, -2.5e-300, 123456.789, .pi, .nan, .infinity]
        numbers += [Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, 9007199254740993, 0.000123, 4.0e-310]
        for _ in 0..<2000 {
            let exponent = Double(Int(random.next() % 80)) - 40
            numbers.append(signed() * pow(10, exponent))
            numbers.append((signed() * 1000).rounded())
        }
        expectSameAsEncoder(.array(numbers.map(JSONOutput.Value.number)))
        expectSameAsEncoder(.array([Int.min, -1, 0, 42, Int.max].map(JSONOutput.Value.integer) + [.null]))
    }

    @Test func nestingEmptyContainersAndKeyOrderAreJSONEncoders() {
        let keys = ["b", "B", "a", "aa", "_", "Z", "é", "e", "10", "9", "a b", "", "\u{1F642}", "\u{FF21}"]
        let inner = JSONOutput.Value.object(keys.enumerated().map { ($1, .integer($0)) })
        expectSameAsEncoder(.array([]))
        expectSameAsEncoder(.object([]))
        expectSameAsEncoder(.array([.object([]), .array([]), inner, .array([.array([.object([("x", .array([]))])])])]))
        expectSameAsEncoder(.object([("metrics", .object([])), ("runs", .array([inner, inner])), ("name", .null)]))
    }
}
