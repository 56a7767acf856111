import Testing
@testable import Numerics

/// Large inputs take the radix path of median/quantile; check it against a
/// full sort on distributions that stress each digit level.
@Suite struct RadixSelectionTests {
    static func data(_ name: String, count n: Int = 120_001) -> [Double] {
        var rng = RandomGenerator(seed: 7)
        switch name {
        case "normal": return (0..<n).map { _ in rng.standardNormal() }
        case "ties": return (0..<n).map { _ in Double(rng.integer(in: 0...9)) }
        case "constant": return [Double](repeating: 3.25, count: n)
        case "narrow": return (0..<n).map { _ in 1000 + rng.uniform() * 1e-9 }
        case "signed zeros and infinities":
            return (0..<n).map { i in [0.0, -0.0, .infinity, -.infinity, rng.uniform() - 0.5][i % 5] }
        case "subnormal": return (0..<n).map { _ in rng.uniform() * Double.leastNonzeroMagnitude * 1000 }
        default: fatalError("unknown dataset \(name)")
        }
    }

    static func sortedQuantile(_ sorted: [Double], _ q: Double) -> Double {
        let h = Double(sorted.count - 1) * q
        let lower = Int(h.rounded(.down)), upper = Int(h.rounded(.up))
        return [Double].interpolate(sorted[lower], sorted[upper], h - Double(lower))
    }

    @Test(arguments: ["normal", "ties", "constant", "narrow", "signed zeros and infinities", "subnormal"])
    func matchesSorting(dataset: String) throws {
        for count in [120_001, 120_000] {
            let values = Self.data(dataset, count: count)
            let sorted = values.sorted()
            let probabilities = [0, 0.001, 0.25, 0.5, 0.75, 0.999, 1]
            let quantiles = try values.quantiles(probabilities)
            for (q, value) in zip(probabilities, quantiles) {
                let expected = Self.sortedQuantile(sorted, q)
                #expect(value == expected || (value.isNaN && expected.isNaN), "\(dataset) n=\(count) q=\(q): \(value) vs \(expected)")
            }
            let middle = (sorted[(count - 1) / 2] + sorted[count / 2]) / 2
            let median = try values.median()
            #expect(median == middle || (median.isNaN && middle.isNaN), "\(dataset) median")
        }
    }

    @Test func nanPolicyOnLargeInput() throws {
        var values = Self.data("normal")
        values[1234] = .nan
        #expect(try values.median().isNaN)
        let clean = values.filter { !$0.isNaN }
        #expect(try values.median(missing: .skip) == clean.median())
        #expect(try values.quantile(0.9, missing: .skip) == clean.quantile(0.9))
        #expect(throws: NumericsError.empty(operation: "median")) {
            try [Double](repeating: .nan, count: 150_000).median(missing: .skip)
        }
    }
}
