import Foundation
import Testing
@testable import Numerics

/// scipy's results on the datasets spelled out in make_distribution_references.py.
struct HypothesisReferences: Decodable {
    struct TTestCase: Decodable {
        var kind: String
        var x: [Double]
        var y: [Double]
        var popmean: Double
        var equalVariance: Bool
        var alternative: String
        var statistic: Double
        var pvalue: Double
        var df: Double
    }

    struct ChiSquareCase: Decodable {
        var name: String
        var table: [[Double]]
        var correction: Bool
        var statistic: Double
        var pvalue: Double
        var dof: Int
        var expected: [[Double]]
    }

    struct KolmogorovSmirnovCase: Decodable {
        var name: String
        var method: String
        var x: [Double]
        var y: [Double]
        var statistic: Double
        var pvalue: Double
    }

    var tTests: [TTestCase]
    var chiSquareIndependence: [ChiSquareCase]
    var kolmogorovSmirnov: [KolmogorovSmirnovCase]
    var kolmogorovSurvival: [KolmogorovSurvivalCase]

    /// scipy.stats.kstwo.sf(d, n).
    struct KolmogorovSurvivalCase: Decodable {
        var n: Int
        var d: Double
        var sf: Double
    }

    static func load() throws -> HypothesisReferences {
        try ReferenceData.decode(HypothesisReferences.self, from: "hypothesis_tests.json")
    }
}

extension HypothesisReferences.TTestCase {
    var swiftAlternative: Alternative {
        switch alternative {
        case "less": return .less
        case "greater": return .greater
        default: return .twoSided
        }
    }

    func run() throws -> TTestResult {
        switch kind {
        case "one": return try TTest.oneSample(Vector(x), mean: popmean, alternative: swiftAlternative)
        case "two":
            return try TTest.twoSample(Vector(x), Vector(y), variance: equalVariance ? .equal : .unequal,
                                       alternative: swiftAlternative)
        default: return try TTest.paired(Vector(x), Vector(y), alternative: swiftAlternative)
        }
    }
}

@Suite struct TTestReferenceTests {
    @Test func matchesScipy() throws {
        for c in try HypothesisReferences.load().tTests {
            let r = try c.run()
            let label = "\(c.kind) \(c.alternative) equalVar=\(c.equalVariance) n=\(c.x.count),\(c.y.count)"
            #expect(isClose(r.statistic, c.statistic, relative: 1e-12), "\(label): t \(r.statistic) vs \(c.statistic)")
            #expect(isClose(r.pValue, c.pvalue), "\(label): p \(r.pValue) vs \(c.pvalue)")
            #expect(isClose(r.degreesOfFreedom, c.df, relative: 1e-12), "\(label): df \(r.degreesOfFreedom) vs \(c.df)")
        }
    }
}

@Suite struct TTestSpecialCaseTests {
    @Test func emptyAndShortSamplesThrow() {
        #expect(throws: NumericsError.empty(operation: "one-sample t test")) { try TTest.oneSample([]) }
        #expect(throws: NumericsError.self) { try TTest.oneSample([1]) }
        #expect(throws: NumericsError.self) { try TTest.twoSample([], [1, 2]) }
        #expect(throws: NumericsError.self) { try TTest.twoSample([1], [1, 2]) }
        #expect(throws: NumericsError.self) { try TTest.twoSample([1], [2], variance: .equal) }
        #expect(throws: NumericsError.self) { try TTest.paired([1, 2, 3], [1, 2]) }
        #expect(throws: NumericsError.self) { try TTest.paired([], []) }
    }

    @Test func nanInDataPropagates() throws {
        let one = try TTest.oneSample([1, .nan, 3])
        #expect(one.statistic.isNaN && one.pValue.isNaN && one.degreesOfFreedom.isNaN)
        let two = try TTest.twoSample([1, 2, 3], [4, .nan, 6], variance: .equal)
        #expect(two.statistic.isNaN && two.pValue.isNaN)
        let paired = try TTest.paired([1, 2, 3], [.nan, 2, 2])
        #expect(paired.statistic.isNaN && paired.pValue.isNaN)
    }

    @Test func zeroVarianceMirrorsScipy() throws {
        // scipy: ttest_1samp([2,2,2], 1) → (inf, 0.0); ttest_1samp([1,1,1], 1) → (nan, nan).
        let shifted = try TTest.oneSample([2, 2, 2], mean: 1)
        #expect(shifted.statistic == .infinity && shifted.pValue == 0 && shifted.degreesOfFreedom == 2)
        let centred = try TTest.oneSample([1, 1, 1], mean: 1)
        #expect(centred.statistic.isNaN && centred.pValue.isNaN)
        // ttest_ind([2,2,2], [1,1,1], equal_var=False) → (inf, 0.0, df=1.0).
        let welch = try TTest.twoSample([2, 2, 2], [1, 1, 1])
        #expect(welch.statistic == .infinity && welch.pValue == 0 && welch.degreesOfFreedom == 1)
        // ttest_ind([2,2,2], [2,2,2]) and ttest_rel of identical samples → (nan, nan).
        #expect(try TTest.twoSample([2, 2, 2], [2, 2, 2], variance: .equal).pValue.isNaN)
        #expect(try TTest.paired([0.1, 0.2, 0.3], [0.1, 0.2, 0.3]).statistic.isNaN)
        // Constant data whose naive mean is inexact (0.1 × 3) still has zero variance.
        #expect(try TTest.oneSample([0.1, 0.1, 0.1], mean: 0).statistic == .infinity)
    }

    /// A hypothesised difference is subtracted from the estimate, as R's `t.test(mu =)` does.
    @Test func twoSampleAndPairedTestAHypothesisedDifference() throws {
        let a: Vector = [5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3, 4.7], c: Vector = [4, 5, 6, 7, 5, 6, 5, 4]
        // scipy: st.ttest_ind(a - 1, c, equal_var=False)
        let welch = try TTest.twoSample(a, c, difference: 1)
        #expect(isClose(welch.statistic, -1.9728049747380247, relative: 1e-12))
        #expect(isClose(welch.pValue, 0.07546082587865702, relative: 1e-10))
        #expect(isClose(welch.degreesOfFreedom, 10.483587759264571, relative: 1e-12))
        // scipy: st.ttest_ind(a - 1, c)
        let pooled = try TTest.twoSample(a, c, difference: 1, variance: .equal)
        #expect(isClose(pooled.statistic, -1.9728049747380247, relative: 1e-12))
        #expect(isClose(pooled.pValue, 0.06859889415986674, relative: 1e-10))
        // scipy: st.ttest_rel(a - 1, c)
        let paired = try TTest.paired(a, c, difference: 1)
        #expect(isClose(paired.statistic, -2.949760762410655, relative: 1e-12))
        #expect(isClose(paired.pValue, 0.02141414839213503, relative: 1e-10))
        #expect(paired.degreesOfFreedom == 7)
    }

    @Test func oneSidedPValuesAreComplementary() throws {
        let less = try TTest.oneSample([1.2, 0.8, 1.9, 1.4], mean: 1, alternative: .less)
        let greater = try TTest.oneSample([1.2, 0.8, 1.9, 1.4], mean: 1, alternative: .greater)
        #expect(isClose(less.pValue + greater.pValue, 1, relative: 1e-14))
        #expect(isClose(less.estimate, 0.325, relative: 1e-14))
    }
}

@Suite struct ChiSquareTestTests {
    @Test func matchesScipy() throws {
        for c in try HypothesisReferences.load().chiSquareIndependence {
            let r = try ChiSquareTest.independence(try Matrix(rows: c.table), correction: c.correction)
            let label = "\(c.name) correction=\(c.correction)"
            #expect(isClose(r.statistic, c.statistic, relative: 1e-12, absolute: 1e-14),
                    "\(label): \(r.statistic) vs \(c.statistic)")
            #expect(isClose(r.pValue, c.pvalue), "\(label): p \(r.pValue) vs \(c.pvalue)")
            #expect(r.degreesOfFreedom == c.dof, "\(label)")
            #expect(r.correctionApplied == (c.correction && c.dof == 1), "\(label)")
            let expected = r.expected.rowArrays.joined().map { $0 }
            #expect(zip(expected, c.expected.joined()).allSatisfy { isClose($0, $1, relative: 1e-14) }, "\(label)")
        }
    }

    @Test func invalidTablesThrow() throws {
        #expect(throws: NumericsError.self) { try ChiSquareTest.independence(Matrix(rows: 0, columns: 0)) }
        #expect(throws: NumericsError.self) { try ChiSquareTest.independence(try Matrix(rows: [[1, -1], [2, 3]])) }
        #expect(throws: NumericsError.self) { try ChiSquareTest.independence(try Matrix(rows: [[0, 0], [2, 3]])) }
    }

    @Test func infiniteCountsAreRefusedAsSuch() throws {
        #expect(throws: NumericsError.invalidArgument(
            operation: "chi-square test of independence", detail: "counts must be finite: row 1, column 2 is infinite")) {
            try ChiSquareTest.independence(try Matrix(rows: [[1, .infinity], [3, 4]]))
        }
    }

    /// Pearson's statistic is proportional to the counts (without Yates' correction, which is
    /// lost in rounding at 1e300 anyway), so the scaled tables' statistics are scipy's scaled;
    /// scipy itself underflows or overflows on these tables.
    @Test func tinyAndHugeCountsKeepTheirStatistic() throws {
        // scipy: st.chi2_contingency([[1, 1], [1, 2]], correction=False).statistic
        let huge = try ChiSquareTest.independence(try Matrix(rows: [[1e300, 1e300], [1e300, 2e300]]))
        #expect(isClose(huge.statistic, 0.1388888888888888e300, relative: 1e-14))
        #expect(huge.pValue == 0)
        // scipy: st.chi2_contingency([[1, 2], [3, 1]], correction=False).statistic
        let tiny = try Matrix(rows: [[1e-300, 2e-300], [3e-300, 1e-300]])
        let uncorrected = try ChiSquareTest.independence(tiny, correction: false)
        #expect(isClose(uncorrected.statistic, 1.2152777777777777e-300, relative: 1e-14))
        #expect(uncorrected.pValue == 1)
        // Yates moves every cell of this table onto its expected count.
        #expect(try ChiSquareTest.independence(tiny).statistic == 0)
    }

    @Test func nanCountsPropagate() throws {
        let r = try ChiSquareTest.independence(try Matrix(rows: [[1, .nan], [2, 3]]))
        #expect(r.statistic.isNaN && r.pValue.isNaN)
    }
}

@Suite struct KolmogorovSmirnovTests {
    @Test func matchesScipy() throws {
        for c in try HypothesisReferences.load().kolmogorovSmirnov {
            let requested: KolmogorovSmirnovTest.Method =
                c.method == "exact" ? .exact : (c.method == "asymp" ? .asymptotic : .automatic)
            let r = try KolmogorovSmirnovTest.twoSample(Vector(c.x), Vector(c.y), method: requested)
            let automatic: KolmogorovSmirnovTest.Method = max(c.x.count, c.y.count) <= 10_000 ? .exact : .asymptotic
            #expect(r.method == (requested == .automatic ? automatic : requested), "\(c.name) \(c.method)")
            #expect(isClose(r.statistic, c.statistic, relative: 1e-14), "\(c.name) \(c.method): D \(r.statistic) vs \(c.statistic)")
            #expect(isClose(r.pValue, c.pvalue), "\(c.name) \(c.method): p \(r.pValue) vs \(c.pvalue)")
        }
    }

    @Test func kolmogorovSurvivalMatchesScipyInEveryRegion() throws {
        for c in try HypothesisReferences.load().kolmogorovSurvival {
            let ours = KolmogorovDistribution.survival(c.n, c.d)
            #expect(isClose(ours, c.sf), "kstwo.sf(\(c.d), \(c.n)): \(ours) vs \(c.sf)")
        }
    }

    @Test func emptySamplesThrow() {
        #expect(throws: NumericsError.self) { try KolmogorovSmirnovTest.twoSample([], [1, 2]) }
        #expect(throws: NumericsError.self) { try KolmogorovSmirnovTest.twoSample([1], []) }
    }

    @Test func nanPropagates() throws {
        let r = try KolmogorovSmirnovTest.twoSample([1, .nan, 3], [2, 4])
        #expect(r.statistic.isNaN && r.pValue.isNaN)
    }

    @Test func identicalSamplesGiveZeroStatisticAndPValueOne() throws {
        let r = try KolmogorovSmirnovTest.twoSample([3, 1, 2, 2], [2, 3, 1, 2])
        #expect(r.statistic == 0 && r.pValue == 1 && r.method == .exact)
    }
}
