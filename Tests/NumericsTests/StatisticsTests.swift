import Foundation
import Testing
@testable import Numerics

@Suite struct StatisticsReferenceTests {
    let reference: StatisticsReference

    init() throws { reference = try StatisticsReference.load() }

    @Test func locationAndSpreadMatchNumpy() throws {
        for set in reference.datasets {
            let x = Vector(set.data), s = set.skip
            #expect(x.count(missing: .skip) == s.count, "\(set.name)")
            #expect(agrees(x.sum(missing: .skip), s.sum), "\(set.name) sum")
            #expect(agrees(try x.mean(missing: .skip), s.mean), "\(set.name) mean")
            #expect(agrees(try x.variance(ddof: 0, missing: .skip), s.var0), "\(set.name) var0")
            #expect(agrees(try x.variance(missing: .skip), s.var1), "\(set.name) var1")
            #expect(agrees(try x.standardDeviation(ddof: 0, missing: .skip), s.std0), "\(set.name) std0")
            #expect(agrees(try x.standardDeviation(missing: .skip), s.std1), "\(set.name) std1")
            #expect(try x.minimum(missing: .skip) == s.min)
            #expect(try x.maximum(missing: .skip) == s.max)
        }
    }

    @Test func orderStatisticsMatchNumpy() throws {
        for set in reference.datasets {
            let x = set.data, s = set.skip
            #expect(agrees(try x.median(missing: .skip), s.median), "\(set.name) median")
            #expect(try x.mode(missing: .skip) == s.mode, "\(set.name) mode")
            for method in QuantileMethod.allCases {
                let expected = try #require(s.quantiles[method.numpyName])
                let actual = try x.quantiles(reference.probabilities, method: method, missing: .skip)
                #expect(agrees(actual, expected), "\(set.name) \(method.numpyName)")
                let single = try x.quantile(reference.probabilities[4], method: method, missing: .skip)
                #expect(agrees(single, expected[4]))
            }
        }
    }

    @Test func shapeMatchesScipy() throws {
        for set in reference.datasets {
            let x = Vector(set.data), s = set.skip
            #expect(agrees(try x.skewness(missing: .skip), s.skew, tolerance: 1e-11), "\(set.name) skew")
            #expect(agrees(try x.skewness(bias: false, missing: .skip), s.skewUnbiased, tolerance: 1e-11))
            #expect(agrees(try x.kurtosis(missing: .skip), s.kurtosis, tolerance: 1e-11), "\(set.name) kurtosis")
            #expect(agrees(try x.kurtosis(bias: false, missing: .skip), s.kurtosisUnbiased, tolerance: 1e-11))
            #expect(agrees(try x.kurtosis(excess: false, missing: .skip), s.kurtosisPearson, tolerance: 1e-11))
        }
    }

    @Test func zScoresMatchScipy() throws {
        for set in reference.datasets where !set.data.contains(where: \.isNaN) {
            let x = Vector(set.data)
            #expect(agrees(try x.zScores().elements, set.skip.zscore0), "\(set.name)")
            #expect(agrees(try x.zScores(ddof: 1).elements, set.skip.zscore1), "\(set.name)")
        }
    }

    @Test func histogramsMatchNumpy() throws {
        for set in reference.datasets {
            let auto = try set.data.histogram(bins: 10, missing: .skip)
            #expect(auto.counts == set.skip.histogram10.counts, "\(set.name)")
            #expect(agrees(auto.edges, set.skip.histogram10.edges, tolerance: 1e-15))
            let fixed = try set.data.histogram(bins: 7, range: -3...5, missing: .skip)
            #expect(fixed.counts == set.skip.histogram7.counts, "\(set.name)")
            #expect(agrees(fixed.edges, set.skip.histogram7.edges, tolerance: 1e-15))
        }
    }

    @Test func covarianceAndCorrelationMatchNumpyAndScipy() throws {
        for item in reference.matrices {
            let m = try item.matrix
            #expect(agrees(try m.covariance(missing: .skip).storage, item.skip.cov1), "\(item.name)")
            #expect(agrees(try m.covariance(ddof: 0, missing: .skip).storage, item.skip.cov0))
            #expect(agrees(try m.correlation(missing: .skip).storage, item.skip.pearson), "\(item.name)")
            #expect(agrees(try m.correlation(method: .spearman, missing: .skip).storage, item.skip.spearman))
        }
    }
}

/// NIST StRD univariate summary statistics, "lower" to "higher" difficulty: values with many
/// constant leading digits, where a textbook one-pass variance loses every digit.
@Suite struct NISTUnivariateTests {
    /// `first`, then `pairs` repetitions of (`low`, `high`): NumAcc2–4 as NIST constructs them.
    static func constructed(_ first: Double, _ low: Double, _ high: Double, pairs: Int) -> [Double] {
        [first] + (0..<pairs).flatMap { _ in [low, high] }
    }

    /// Correct significant digits of `value` against `certified` (LRE, as NIST scores packages).
    static func digits(_ value: Double, _ certified: Double) -> Double {
        value == certified ? 17 : -log10(abs(value - certified) / abs(certified))
    }

    @Test func numAcc1() throws {
        let x: [Double] = [10000001, 10000003, 10000002]
        #expect(try x.mean() == 10000002)
        #expect(try x.standardDeviation() == 1)
    }

    @Test func numAcc2() throws {
        let x = Self.constructed(1.2, 1.1, 1.3, pairs: 500)
        #expect(x.count == 1001)
        #expect(Self.digits(try x.mean(), 1.2) >= 14)
        #expect(Self.digits(try x.standardDeviation(), 0.1) >= 13)
    }

    @Test func numAcc3() throws {
        let x = Self.constructed(1000000.2, 1000000.1, 1000000.3, pairs: 500)
        #expect(Self.digits(try x.mean(), 1000000.2) >= 14)
        #expect(Self.digits(try x.standardDeviation(), 0.1) >= 9)
    }

    @Test func numAcc4() throws {
        let x = Vector(Self.constructed(10000000.2, 10000000.1, 10000000.3, pairs: 500))
        #expect(Self.digits(try x.mean(), 10000000.2) >= 12)
        #expect(Self.digits(try x.standardDeviation(), 0.1) >= 8)
    }
}

@Suite struct StatisticsEdgeCaseTests {
    let empty: [Double] = []
    let allNaN: [Double] = [.nan, .nan]

    @Test func emptyInput() {
        #expect(empty.sum() == 0)
        #expect(empty.count(missing: .skip) == 0)
        #expect(throws: NumericsError.empty(operation: "mean")) { try empty.mean() }
        #expect(throws: NumericsError.self) { try empty.variance() }
        #expect(throws: NumericsError.self) { try empty.median() }
        #expect(throws: NumericsError.self) { try empty.quantile(0.5) }
        #expect(throws: NumericsError.self) { try empty.mode() }
        #expect(throws: NumericsError.self) { try empty.minimum() }
        #expect(throws: NumericsError.self) { try empty.skewness() }
        #expect(throws: NumericsError.self) { try empty.histogram(bins: 3) }
    }

    @Test func allNaNPropagatesOrThrowsWhenSkipped() throws {
        #expect(try allNaN.mean().isNaN)
        #expect(try allNaN.median().isNaN)
        #expect(try allNaN.quantiles([0.1, 0.9]).allSatisfy(\.isNaN))
        #expect(allNaN.sum(missing: .skip) == 0)
        #expect(allNaN.count(missing: .skip) == 0)
        #expect(throws: NumericsError.self) { try allNaN.mean(missing: .skip) }
        #expect(throws: NumericsError.self) { try allNaN.median(missing: .skip) }
        #expect(throws: NumericsError.self) { try allNaN.mode(missing: .skip) }
    }

    @Test func oneNaNPropagates() throws {
        let x: [Double] = [1, 2, .nan, 4]
        #expect(x.sum().isNaN)
        #expect(try x.mean().isNaN)
        #expect(try x.variance().isNaN)
        #expect(try x.minimum().isNaN && x.maximum().isNaN)
        #expect(try x.median().isNaN && x.mode().isNaN)
        #expect(try x.skewness().isNaN && x.kurtosis().isNaN)
        #expect(try x.zScores().allSatisfy(\.isNaN))
        #expect(throws: NumericsError.self) { try x.histogram(bins: 2) }
        let z = try x.zScores(missing: .skip)
        #expect(z[2].isNaN && !z[0].isNaN)
    }

    @Test func singleElement() throws {
        let x: Vector = [3.5]
        #expect(try x.mean() == 3.5)
        #expect(try x.median() == 3.5)
        #expect(try x.quantile(0.3) == 3.5)
        #expect(try x.variance().isNaN)
        #expect(try x.variance(ddof: 0) == 0)
        #expect(try x.mode() == 3.5)
        #expect(try x.skewness().isNaN)
        let h = try x.histogram(bins: 2)
        #expect(h.edges == [3.0, 3.5, 4.0] && h.counts == [0, 1])
    }

    @Test func constantData() throws {
        let x = [Double](repeating: 7.25, count: 1000)
        #expect(try x.standardDeviation() == 0)
        #expect(try x.skewness().isNaN)
        #expect(try x.kurtosis().isNaN)
        #expect(try x.zScores().allSatisfy(\.isNaN))
        #expect(try x.median() == 7.25)
    }

    @Test func infinities() throws {
        let x: [Double] = [1, .infinity, 2]
        #expect(x.sum() == .infinity)
        #expect(try x.mean() == .infinity)
        #expect(try x.variance().isNaN)
        #expect(try x.maximum() == .infinity)
        #expect(try x.median() == 2)
        // numpy answers NaN here (∞ − ∞ inside its interpolation); an exact order statistic is returned.
        #expect(try x.quantile(1) == .infinity)
        #expect(try [-Double.infinity, 1].quantile(0.5) == -.infinity)
        #expect([Double.infinity, -.infinity].sum().isNaN)
    }

    @Test func modeTakesSmallestOfTies() throws {
        #expect(try [3, 1, 3, 1, 2].mode() == 1)
        #expect(try [5, -2, 9].mode() == -2)
    }

    @Test func invalidArguments() {
        let x: [Double] = [1, 2, 3]
        #expect(throws: NumericsError.self) { try x.quantile(1.5) }
        #expect(throws: NumericsError.self) { try x.quantile(.nan) }
        #expect(throws: NumericsError.self) { try x.variance(ddof: -1) }
        #expect(throws: NumericsError.self) { try x.histogram(bins: 0) }
        #expect(throws: NumericsError.self) { try [1, .infinity].histogram(bins: 2) }
    }

    @Test func histogramLastBinIsClosedAndOutsideValuesDropped() throws {
        let h = try [0, 1, 2, 3, 4, 5, 9, -1].histogram(bins: 5, range: 0...5)
        #expect(h.counts == [1, 1, 1, 1, 2])
    }

    /// A range wider than the largest double still has finite edges and counts every value.
    @Test func histogramOfARangeBeyondTheLargestDouble() throws {
        // numpy refuses these ranges; scaled by 1/4 (exact) it gives, with edges times 4:
        // c, e = np.histogram(np.array([-1e308, 0, 1e308]) / 4, bins=4); c, e * 4
        let h = try [-1e308, 0, 1e308].histogram(bins: 4)
        #expect(h.counts == [1, 0, 1, 1])
        #expect(h.edges == [-1e308, -5e307, 0, 5e307, 1e308])
        // c, e = np.histogram(np.array([-1.7e308, -1e308, 3, 1.7e308]) / 4, bins=3); c, e * 4
        let wide = try [-1.7e308, -1e308, 3, 1.7e308].histogram(bins: 3)
        #expect(wide.counts == [2, 1, 1])
        #expect(wide.edges == [-1.7e308, -5.666666666666666e307, 5.666666666666668e307, 1.7e308])
    }

    @Test func sumIsCompensated() {
        // Block sums 1e100, 1, −1e100 are combined with compensation; naive summation gives 0.
        // (Inside one block, lanes add naively: the guarantee is relative to each block's magnitude.)
        let block = SummationKernels.blockLength
        var x = [Double](repeating: 0, count: 3 * block)
        x[0] = 1e100
        x[block] = 1
        x[2 * block] = -1e100
        #expect(x.sum() == 1)
        #expect(x.reduce(0, +) == 0)
    }

    @Test func selectionHandlesLargeAndRepetitiveInputs() throws {
        var g = RandomGenerator(seed: 31)
        let values = (0..<100_001).map { _ in Double(g.integer(in: 0...50)) }
        let sorted = values.sorted()
        for q in [0.0, 0.001, 0.25, 0.5, 0.9, 0.999, 1.0] {
            let h = 100_000 * q
            let lower = sorted[Int(h.rounded(.down))], upper = sorted[min(Int(h.rounded(.down)) + 1, 100_000)]
            let expected = lower + (upper - lower) * (h - h.rounded(.down))
            #expect(try values.quantile(q) == expected)
        }
        let noisy = (0..<50_000).map { _ in g.uniform() }
        let s = noisy.sorted()
        #expect(try noisy.median() == (s[24_999] + s[25_000]) / 2)
    }

    @Test func spearmanUsesAverageRanks() throws {
        #expect(Matrix.averageRanks([10, 20, 10, 30, 20, 20]) == [1.5, 4, 1.5, 6, 4, 4])
        let m = try Matrix(rows: [[1, 5], [2, 6], [3, 7], [4, 100]])
        let r = try m.correlation(method: .spearman)
        #expect(abs(r[0, 1] - 1) < 1e-15)
    }

    @Test func covarianceEdgeCases() throws {
        let m = try Matrix(rows: [[1, .nan], [2, 3], [4, 5]])
        let propagated = try m.covariance()
        #expect(!propagated[0, 0].isNaN && propagated[1, 1].isNaN && propagated[0, 1].isNaN)
        #expect(try m.covariance(missing: .skip)[0, 0] == 2)
        let constant = try Matrix(rows: [[1, 2], [1, 3], [1, 4]])
        #expect(try constant.correlation()[0, 1].isNaN)
        #expect(throws: NumericsError.self) { try Matrix(rows: 0, columns: 2).covariance() }
    }
}
