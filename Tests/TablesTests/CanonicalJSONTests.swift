import Foundation
import Numerics
import Testing

@testable import Tables

/// Canonical JSON names models and values by their digests, so it must stay
/// byte for byte what Foundation's encoder writes with the same settings.
@Suite struct CanonicalJSONTests {
    /// Draws for building test data from the project's seeded generator.
    struct Draws {
        var generator: RandomGenerator
        mutating func next() -> UInt64 { generator.next() }
        mutating func nextInt(upperBound: Int) -> Int { Int(generator.next() % UInt64(upperBound)) }
        mutating func nextDouble() -> Double { generator.uniform() }
    }

    struct Leaf: Codable {
        var text: String
        var number: Double
        var single: Float
        var count: Int
        var flags: [Bool]
        var missing: Double?
        var present: String?
    }

    struct Tree: Codable {
        var name: String
        var leaves: [Leaf]
        var byName: [String: [Double]]
        var byNumber: [Int: String]
        var nested: [[Int64]]
        var extremes: [UInt64]
        var optionals: [Int?]
        var children: [Tree]
    }

    /// Encodes through every container kind, nested and super encoders included.
    struct Containers: Encodable {
        enum Keys: String, CodingKey { case zeta, alpha, list, object, sup, single, empty, Zulu, é }

        func encode(to encoder: any Encoder) throws {
            var keyed = encoder.container(keyedBy: Keys.self)
            try keyed.encode("z", forKey: .zeta)
            try keyed.encodeNil(forKey: .alpha)
            var list = keyed.nestedUnkeyedContainer(forKey: .list)
            try list.encode(1.5)
            try list.encodeNil()
            var inner = list.nestedContainer(keyedBy: Keys.self)
            try inner.encode(UInt8(7), forKey: .Zulu)
            var deeper = list.nestedUnkeyedContainer()
            try deeper.encode(Int8(-8))
            try deeper.encode([String]())
            var object = keyed.nestedContainer(keyedBy: Keys.self, forKey: .object)
            try object.encode(Float.infinity, forKey: .é)
            try object.encode([String: Int](), forKey: .alpha)
            let sup = keyed.superEncoder(forKey: .sup)
            var supContainer = sup.container(keyedBy: Keys.self)
            try supContainer.encode(true, forKey: .zeta)
            // A super encoder that writes one value, or nothing; and one in an array.
            var single = keyed.superEncoder(forKey: .single).singleValueContainer()
            try single.encode(42)
            _ = keyed.superEncoder(forKey: .empty)
            var inList = list.superEncoder().singleValueContainer()
            try inList.encode("in a list")
            var superList = keyed.superEncoder().unkeyedContainer()
            try superList.encode(-1)
        }
    }

    static func random(_ generator: inout Draws, depth: Int) -> Tree {
        func double() -> Double {
            switch generator.nextInt(upperBound: 6) {
            case 0: return Double(bitPattern: generator.next())  // any bit pattern: NaNs, infinities, subnormals
            case 1: return [0.0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e16, 1e-5, 100][generator.nextInt(upperBound: 10)]
            case 2: return Double(generator.nextInt(upperBound: 2000)) - 1000
            default: return generator.nextDouble() * pow(10, Double(generator.nextInt(upperBound: 40)) - 20)
            }
        }
        func text() -> String {
            let pieces = ["a", "\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{1}", "\u{1F}", "\u{7F}", "é", "日本", "👩‍🔬", " ", "key", "Key", "_"]
            return (0..<generator.nextInt(upperBound: 6)).map { _ in pieces[generator.nextInt(upperBound: pieces.count)] }.joined()
        }
        let leaves = (0..<generator.nextInt(upperBound: 4)).map { _ in
            Leaf(
                text: text(), number: double(), single: Float(double()), count: Int(bitPattern: UInt(generator.next())),
                flags: (0..<generator.nextInt(upperBound: 3)).map { _ in generator.nextInt(upperBound: 2) == 0 },
                missing: generator.nextInt(upperBound: 2) == 0 ? nil : double(), present: generator.nextInt(upperBound: 2) == 0 ? nil : text())
        }
        var byName = [String: [Double]]()
        for _ in 0..<generator.nextInt(upperBound: 5) { byName[text()] = (0..<generator.nextInt(upperBound: 4)).map { _ in double() } }
        var byNumber = [Int: String]()
        for _ in 0..<generator.nextInt(upperBound: 4) { byNumber[generator.nextInt(upperBound: 200) - 100] = text() }
        return Tree(
            name: text(), leaves: leaves, byName: byName, byNumber: byNumber,
            nested: (0..<generator.nextInt(upperBound: 3)).map { _ in (0..<generator.nextInt(upperBound: 3)).map { _ in Int64(bitPattern: generator.next()) } },
            extremes: [0, UInt64.max, generator.next()], optionals: [nil, 1, Int.min, Int.max],
            children: depth == 0 ? [] : (0..<generator.nextInt(upperBound: 3)).map { _ in random(&generator, depth: depth - 1) })
    }

    @Test func randomTreesEncodeAsFoundationWritesThem() throws {
        var generator = Draws(generator: RandomGenerator(seed: 20261126))
        for _ in 0..<300 {
            let tree = Self.random(&generator, depth: 3)
            #expect(try CanonicalJSON.encode(tree) == CanonicalJSON.foundationEncoder().encode(tree))
        }
    }

    /// Doubles are formatted into a buffer rather than through `description`:
    /// the text must be the same for every kind of double.
    @Test func doublesAreWrittenAsTheirDescriptionSays() {
        var draws = Draws(generator: RandomGenerator(seed: 3))
        let edges: [Double] = [0, -0.0, 1, -1, 0.1, 1e16, 1e15, 1e-5, 1e-7, 123456789012345680, 5e-324, .leastNormalMagnitude, .greatestFiniteMagnitude, .pi, 100, 2.5e-308, 0x1p31, -0x1p31, 0x1p31 - 1, -0x1p31 + 1, 0x1p31 - 0.5, 0.5, -0.5]
        var values = edges
        for _ in 0..<100_000 {
            values.append(Double(bitPattern: draws.next()))
            values.append((draws.nextDouble() - 0.5) * pow(10, Double(draws.nextInt(upperBound: 60)) - 30))
            values.append(Double(draws.nextInt(upperBound: 1 << 20)) / 8)
        }
        for x in values where x.isFinite {
            var viaDescription = Array(x.description.utf8)
            if viaDescription.suffix(2) == Array(".0".utf8) { viaDescription.removeLast(2) }
            let written = CanonicalJSON.number(x)
            #expect(written == viaDescription, "\(x.bitPattern)")
            if written != viaDescription { return }
        }
    }

    @Test func integersAreWrittenAsStringWritesThem() {
        var draws = Draws(generator: RandomGenerator(seed: 5))
        var values = [0, 1, -1, 9, 10, -10, 99, 100, Int.max, Int.min, Int.min + 1]
        for _ in 0..<20_000 { values += [Int(bitPattern: UInt(draws.next())), draws.nextInt(upperBound: 100_000) - 50_000] }
        var written = [UInt8]()
        CanonicalJSON.appendArray(values, to: &written)
        #expect(String(decoding: written, as: UTF8.self) == "[" + values.map(String.init).joined(separator: ",") + "]")
    }

    @Test func everyContainerKindEncodesAsFoundationWritesIt() throws {
        let ours = try CanonicalJSON.text(Containers())
        #expect(ours == String(decoding: try CanonicalJSON.foundationEncoder().encode(Containers()), as: UTF8.self))
        #expect(ours.hasPrefix(#"{"Zulu""#) == false && ours.contains(#""alpha":null"#))
    }

    @Test func scalarsAtTheTopLevelAndTypesFoundationTreatsSpecially() throws {
        let date = Date(timeIntervalSince1970: 1_790_000_000.25)
        let values: [any Encodable] = [
            "a/b\u{0}", 0.1, -0.0, Double.nan, Float(1) / 3, Int.min, true, [String: Double](), [Double](), date, Data([0, 255, 7]),
            URL(fileURLWithPath: "/tmp/x y"), Decimal(string: "3.14159")!, ["when": [date]], Optional<Int>.none,
            // Whole numbers lose their ".0", singly and in the arrays written directly.
            1.0, -2.0, 100.0, 1e16, 1e-7, Float(2), [1.0, 2.5, -3.0, 1e300], [[0.0, 1.0], [0.25, 4.0]],
        ]
        for value in values {
            #expect(try CanonicalJSON.encode(value) == CanonicalJSON.foundationEncoder().encode(value), "\(value)")
        }
    }

    /// A preprocessed value's digest covers its fitted steps' canonical JSON;
    /// the scaling steps are written without Codable, and must not differ by a byte.
    @Test func fittedScalingStepsAreWrittenDirectlyByteForByte() throws {
        var draws = Draws(generator: RandomGenerator(seed: 11))
        let names = ["x", "a \"quoted\" / name", "ünïcode ✓", "tab\tand\u{1}", ""]
        let specials: [Double] = [0.1, -0.0, 1, -2, 1e16, 1e-7, .nan, .infinity, -.infinity, 5e-324, .greatestFiniteMagnitude]
        func number() -> Double { draws.nextInt(upperBound: 3) == 0 ? specials[draws.nextInt(upperBound: specials.count)] : (draws.nextDouble() - 0.5) * 1e3 }
        func name() -> String { names[draws.nextInt(upperBound: names.count)] }
        for round in 0..<200 {
            var steps = [FittedStep]()
            for _ in 0..<draws.nextInt(upperBound: 4) {
                let count = draws.nextInt(upperBound: 4)
                steps.append(
                    draws.nextInt(upperBound: 2) == 0
                        ? .standardize(Standardize.Fitted(columns: (0..<count).map { _ in .init(name: name(), mean: number(), scale: number()) }))
                        : .minMaxScale(MinMaxScale.Fitted(columns: (0..<count).map { _ in .init(name: name(), minimum: number(), maximum: number()) })))
            }
            let keys = (0..<draws.nextInt(upperBound: 6)).map { _ in draws.nextInt(upperBound: 2) == 0 ? UInt64.max - draws.next() % 4 : (1 << 32) | draws.next() % 50 }
            let fitted = FittedPreprocessor(steps: steps, fittedRows: RowKeySet(keys))
            let expected = try CanonicalJSON.text(fitted)
            #expect(fitted.directlyWritten() != nil)
            #expect(fitted.canonicalJSONText == expected, "round \(round)")
            #expect(expected == String(decoding: try CanonicalJSON.foundationEncoder().encode(fitted), as: UTF8.self))
        }
        // Other steps go through Codable.
        let mixed = FittedPreprocessor(steps: [.drop(DropColumns.Fitted(columns: ["a"]))], fittedRows: RowKeySet([]))
        #expect(mixed.directlyWritten() == nil)
        #expect(mixed.canonicalJSONText == (try CanonicalJSON.text(mixed)))
    }
}
