import Foundation
import Testing
@testable import Numerics

/// One seed's streams as printed by `References/xoshiro_reference.c`.
private struct RandomReference: Decodable {
    let seed: String
    let state: [String]
    let next: [String]
    let jump: [String]
    let longJump: [String]
    let split2: [String]
    let integerMinus5To5: [Int]
    let integer0To1000: [Int]
    let integerFull: [Int]
    let integerLarge: [Int]
    let shuffle10: [Int]
    let sample5of20: [Int]
    let sample6of4Replace: [Int]
    let uniform: [Double]
    let uniformMinus2To3: [Double]
    let standardNormal: [Double]

    var seedValue: UInt64 { UInt64(seed, radix: 16)! }
    var generator: RandomGenerator { RandomGenerator(seed: seedValue) }

    static func all() throws -> [RandomReference] {
        try ReferenceData.decode([RandomReference].self, from: "xoshiro_reference.json")
    }
}

private func words(_ hex: [String]) -> [UInt64] { hex.map { UInt64($0, radix: 16)! } }

private func draw<T>(_ count: Int, from generator: RandomGenerator, _ body: (inout RandomGenerator) throws -> T) rethrows -> [T] {
    var g = generator
    return try (0..<count).map { _ in try body(&g) }
}

@Suite struct RandomGeneratorGoldenTests {
    @Test func algorithmIsVersioned() {
        #expect(RandomGenerator.algorithm == "xoshiro256**+splitmix64")
        #expect(RandomGenerator.algorithmVersion == 1)
    }

    @Test func referenceCoversTheContractSeeds() throws {
        #expect(try RandomReference.all().map(\.seedValue) == [0, 42, UInt64.max])
    }

    /// Pinned in the source as well, so that a regenerated JSON cannot silently move the stream.
    @Test func seedZeroLiteralValues() {
        var g = RandomGenerator(seed: 0)
        #expect(g.next() == 0x99EC_5F36_CB75_F2B4)
        #expect(g.next() == 0xBF6E_1F78_4956_452A)
        var h = RandomGenerator(seed: 42)
        #expect(h.uniform() == 0.083862971059882163)
    }

    @Test func splitMixSeedsTheState() throws {
        for ref in try RandomReference.all() {
            let g = ref.generator
            #expect([g.s0, g.s1, g.s2, g.s3] == words(ref.state))
        }
    }

    @Test func rawStreamMatchesReference() throws {
        for ref in try RandomReference.all() {
            #expect(draw(8, from: ref.generator) { $0.next() } == words(ref.next))
        }
    }

    @Test func jumpsMatchReference() throws {
        for ref in try RandomReference.all() {
            #expect(draw(4, from: ref.generator.jumped()) { $0.next() } == words(ref.jump))
            var long = ref.generator
            long.longJump()
            #expect(draw(4, from: long) { $0.next() } == words(ref.longJump))
        }
    }

    @Test func splitHandsOutSuccessiveJumps() throws {
        for ref in try RandomReference.all() {
            var parent = ref.generator
            let streams = try parent.split(count: 3)
            #expect(streams[0] == ref.generator)
            #expect(draw(4, from: streams[1]) { $0.next() } == words(ref.jump))
            #expect(draw(2, from: streams[2]) { $0.next() } == words(ref.split2))
            #expect(parent == ref.generator.jumped().jumped().jumped())
        }
    }

    @Test func uniformMatchesReference() throws {
        for ref in try RandomReference.all() {
            #expect(draw(8, from: ref.generator) { $0.uniform() } == ref.uniform)
            #expect(try draw(4, from: ref.generator) { try $0.uniform(in: -2..<3) } == ref.uniformMinus2To3)
        }
    }

    @Test func normalMatchesReference() throws {
        for ref in try RandomReference.all() {
            let values = draw(9, from: ref.generator) { $0.standardNormal() }
            for (value, expected) in zip(values, ref.standardNormal) {
                #expect(abs(value - expected) <= 1e-15 * abs(expected))
            }
            let scaled = try draw(9, from: ref.generator) { try $0.normal(mean: 3, sd: 2) }
            for (value, expected) in zip(scaled, ref.standardNormal) {
                #expect(abs(value - (3 + 2 * expected)) <= 1e-14)
            }
        }
    }

    @Test func integersMatchReference() throws {
        for ref in try RandomReference.all() {
            #expect(draw(8, from: ref.generator) { $0.integer(in: -5...5) } == ref.integerMinus5To5)
            #expect(try draw(8, from: ref.generator) { try $0.integer(in: 0..<1000) } == ref.integer0To1000)
            #expect(draw(4, from: ref.generator) { $0.integer(in: Int.min...Int.max) } == ref.integerFull)
            let large = Int.min...(Int.min &+ 3 << 62 &- 1)
            #expect(draw(4, from: ref.generator) { $0.integer(in: large) } == ref.integerLarge)
        }
    }

    @Test func shuffleAndSampleMatchReference() throws {
        for ref in try RandomReference.all() {
            var g = ref.generator
            var array = Array(0..<10)
            g.shuffle(&array)
            #expect(array == ref.shuffle10)
            var h = ref.generator
            #expect(h.shuffled(Array(0..<10)) == ref.shuffle10)
            var s = ref.generator
            #expect(try s.sample(count: 5, from: 20) == ref.sample5of20)
            var r = ref.generator
            #expect(try r.sample(count: 6, from: 4, replace: true) == ref.sample6of4Replace)
        }
    }
}

@Suite struct RandomGeneratorBehaviourTests {
    @Test func copiesRepeatTheStream() {
        var a = RandomGenerator(seed: 7)
        _ = a.standardNormal()
        var b = a
        #expect(a.standardNormal() == b.standardNormal())
        #expect(a.next() == b.next())
    }

    @Test func spareIsReturnedWithoutRawDraws() {
        var g = RandomGenerator(seed: 3)
        _ = g.standardNormal()
        var raw = g
        _ = g.standardNormal()
        #expect(g.next() == raw.next())
    }

    @Test func worksWithStandardLibraryAlgorithms() {
        var g = RandomGenerator(seed: 1)
        let x = Int.random(in: 0..<10, using: &g)
        #expect((0..<10).contains(x))
    }

    @Test func uniformStatistics() {
        var g = RandomGenerator(seed: 2024)
        let n = 100_000
        let values = (0..<n).map { _ in g.uniform() }
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        // Standard errors: mean 1/sqrt(12n) ≈ 9e-4, variance ≈ 2.7e-4; allow about 5 of them.
        #expect(abs(mean - 0.5) < 0.0046)
        #expect(abs(variance - 1.0 / 12) < 0.0014)
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test func normalStatistics() throws {
        var g = RandomGenerator(seed: 99)
        let n = 100_000
        let values = try (0..<n).map { _ in try g.normal(mean: 10, sd: 3) }
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        // Standard errors: mean 3/sqrt(n) ≈ 0.0095, variance 9·sqrt(2/n) ≈ 0.04.
        #expect(abs(mean - 10) < 0.05)
        #expect(abs(variance - 9) < 0.2)
    }

    @Test func integerRangesAreUnbiased() {
        var g = RandomGenerator(seed: 5)
        var counts = [Int](repeating: 0, count: 7)
        let n = 70_000
        for _ in 0..<n { counts[g.integer(in: 0...6)] += 1 }
        // Chi-square with 6 degrees of freedom; 22.46 is the 0.999 quantile.
        let expected = Double(n) / 7
        let chi2 = counts.map { (Double($0) - expected) * (Double($0) - expected) / expected }.reduce(0, +)
        #expect(chi2 < 22.46)
    }

    @Test func degenerateAndExtremeRanges() throws {
        var g = RandomGenerator(seed: 11)
        #expect(g.integer(in: 4...4) == 4)
        #expect(try g.integer(in: -3 ..< -2) == -3)
        #expect(g.integer(in: Int.max...Int.max) == Int.max)
        #expect(g.integer(in: Int.min...Int.min) == Int.min)
        let top = (0..<1000).map { _ in g.integer(in: (Int.max - 1)...Int.max) }
        #expect(Set(top) == [Int.max - 1, Int.max])
        let full = (0..<1000).map { _ in g.integer(in: Int.min...Int.max) }
        #expect(full.contains { $0 < 0 } && full.contains { $0 > 0 })
    }

    @Test func sampleWithoutReplacementHasNoDuplicates() throws {
        var g = RandomGenerator(seed: 8)
        for (count, n) in [(0, 0), (1, 1), (10, 10), (50, 1000), (999, 1000)] {
            let picks = try g.sample(count: count, from: n)
            #expect(picks.count == count)
            #expect(Set(picks).count == count)
            #expect(picks.allSatisfy { (0..<n).contains($0) })
        }
        #expect(Set(try g.sample(count: 10, from: 10)) == Set(0..<10))
    }

    @Test func shuffleIsAPermutation() {
        var g = RandomGenerator(seed: 9)
        var empty: [Int] = []
        g.shuffle(&empty)
        #expect(empty.isEmpty)
        let shuffled = g.shuffled(Array(0..<100))
        #expect(shuffled.sorted() == Array(0..<100))
        #expect(shuffled != Array(0..<100))
    }

    @Test func uniformInRangeStaysHalfOpen() throws {
        var g = RandomGenerator(seed: 12)
        let tiny = 1.0..<1.0.nextUp
        for _ in 0..<100 { #expect(try g.uniform(in: tiny) == 1.0) }
    }

    @Test func invalidArgumentsThrow() throws {
        var g = RandomGenerator(seed: 0)
        #expect(throws: NumericsError.self) { try g.sample(count: 4, from: 3) }
        #expect(throws: NumericsError.self) { try g.sample(count: -1, from: 3) }
        #expect(throws: NumericsError.self) { try g.sample(count: 1, from: 0, replace: true) }
        #expect(throws: NumericsError.self) { try g.integer(in: 3..<3) }
        #expect(throws: NumericsError.self) { try g.uniform(in: 1..<1) }
        #expect(throws: NumericsError.self) { try g.uniform(in: 0..<Double.infinity) }
        #expect(throws: NumericsError.self) { try g.uniform(in: -Double.greatestFiniteMagnitude..<Double.greatestFiniteMagnitude) }
        #expect(throws: NumericsError.self) { try g.normal(sd: -1) }
        #expect(throws: NumericsError.self) { try g.normal(sd: .nan) }
        #expect(throws: NumericsError.self) { try g.split(count: -1) }
        #expect(try g.sample(count: 0, from: 0, replace: true) == [])
    }
}
