import Foundation
import Testing
@testable import Numerics

/// Relative comparison that falls back to an absolute one near zero, where
/// scipy's own values are subnormal or exactly zero.
func isClose(_ actual: Double, _ expected: Double, relative: Double = 1e-10, absolute: Double = 1e-300) -> Bool {
    if actual == expected { return true }
    return abs(actual - expected) <= max(relative * abs(expected), absolute)
}

/// Describes every element where `actual` departs from `expected`.
func mismatches(_ label: String, _ inputs: [Double], _ actual: [Double], _ expected: [Double],
                relative: Double = 1e-10) -> [String] {
    zip(inputs, zip(actual, expected)).compactMap { input, pair in
        isClose(pair.0, pair.1, relative: relative)
            ? nil : "\(label)(\(input)) = \(pair.0), scipy \(pair.1), rel \(abs(pair.0 - pair.1) / abs(pair.1))"
    }
}

/// scipy values for one parameter set of one distribution.
struct DistributionCase: Decodable {
    var mean: Double?
    var sd: Double?
    var df: Double?
    var d1: Double?
    var d2: Double?
    /// Looser only where scipy's own density is known to lose digits (df ≥ 1e5).
    var pdfTolerance: Double
    var x: [Double]
    var pdf: [Double]
    var cdf: [Double]
    var sf: [Double]
    var p: [Double]
    var ppf: [Double]

    func check(_ distribution: some ContinuousDistribution, name: String) -> [String] {
        let label = "\(name)(\([mean, sd, df, d1, d2].compactMap { $0 }))"
        return mismatches("\(label).pdf", x, x.map(distribution.pdf), pdf, relative: pdfTolerance)
            + mismatches("\(label).cdf", x, x.map(distribution.cdf), cdf)
            + mismatches("\(label).sf", x, x.map(distribution.survival), sf)
            + mismatches("\(label).ppf", p, p.map(distribution.quantile), ppf)
    }
}

struct DistributionReferences: Decodable {
    var normal: [DistributionCase]
    var studentT: [DistributionCase]
    var chiSquared: [DistributionCase]
    var fisherF: [DistributionCase]
    var incompleteGamma: [IncompleteGammaCase]
    var incompleteBeta: [IncompleteBetaCase]

    /// scipy.special.gammainc / gammaincc.
    struct IncompleteGammaCase: Decodable {
        var a: Double
        var x: Double
        var p: Double
        var q: Double
    }

    /// scipy.special.betainc / betaincc.
    struct IncompleteBetaCase: Decodable {
        var a: Double
        var b: Double
        var x: Double
        var p: Double
        var q: Double
    }

    static func load() throws -> DistributionReferences {
        try ReferenceData.decode(DistributionReferences.self, from: "distributions.json")
    }
}

@Suite struct DistributionReferenceTests {
    @Test func normalMatchesScipy() throws {
        for c in try DistributionReferences.load().normal {
            let problems = c.check(try Normal(mean: c.mean!, sd: c.sd!), name: "Normal")
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test func studentTMatchesScipy() throws {
        for c in try DistributionReferences.load().studentT {
            let problems = c.check(try StudentT(degreesOfFreedom: c.df!), name: "StudentT")
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test func chiSquaredMatchesScipy() throws {
        for c in try DistributionReferences.load().chiSquared {
            let problems = c.check(try ChiSquared(degreesOfFreedom: c.df!), name: "ChiSquared")
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test func fisherFMatchesScipy() throws {
        for c in try DistributionReferences.load().fisherF {
            let problems = c.check(try FisherF(d1: c.d1!, d2: c.d2!), name: "FisherF")
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }
}

@Suite struct DistributionSpecialValueTests {
    static func all() throws -> [any ContinuousDistribution] {
        [try Normal(mean: 1, sd: 2), try StudentT(degreesOfFreedom: 3), try ChiSquared(degreesOfFreedom: 4),
         try FisherF(d1: 3, d2: 7)]
    }

    @Test func invalidParametersThrow() {
        for sd in [0, -1, .nan, .infinity] {
            #expect(throws: NumericsError.self) { try Normal(mean: 0, sd: sd) }
        }
        #expect(throws: NumericsError.self) { try Normal(mean: .nan, sd: 1) }
        for df in [0, -2.5, .nan, .infinity] {
            #expect(throws: NumericsError.self) { try StudentT(degreesOfFreedom: df) }
            #expect(throws: NumericsError.self) { try ChiSquared(degreesOfFreedom: df) }
            #expect(throws: NumericsError.self) { try FisherF(d1: df, d2: 5) }
            #expect(throws: NumericsError.self) { try FisherF(d1: 5, d2: df) }
        }
    }

    @Test func nanPropagates() throws {
        for d in try Self.all() {
            #expect(d.pdf(.nan).isNaN)
            #expect(d.cdf(.nan).isNaN)
            #expect(d.survival(.nan).isNaN)
            #expect(d.quantile(.nan).isNaN)
        }
    }

    @Test func probabilitiesOutsideUnitIntervalGiveNaN() throws {
        for d in try Self.all() {
            for p in [-0.1, 1.1, -.infinity, .infinity] { #expect(d.quantile(p).isNaN) }
        }
    }

    @Test func quantileEndpointsAreTheSupportBounds() throws {
        let normal = try Normal(), t = try StudentT(degreesOfFreedom: 2.5)
        #expect(normal.quantile(0) == -.infinity && normal.quantile(1) == .infinity)
        #expect(t.quantile(0) == -.infinity && t.quantile(1) == .infinity && t.quantile(0.5) == 0)
        let chi = try ChiSquared(degreesOfFreedom: 3), f = try FisherF(d1: 2, d2: 9)
        #expect(chi.quantile(0) == 0 && chi.quantile(1) == .infinity)
        #expect(f.quantile(0) == 0 && f.quantile(1) == .infinity)
    }

    @Test func infinitiesAndOutOfSupportArguments() throws {
        for d in try Self.all() {
            #expect(d.cdf(.infinity) == 1 && d.survival(.infinity) == 0)
            #expect(d.cdf(-.infinity) == 0 && d.survival(-.infinity) == 1)
            #expect(d.pdf(.infinity) == 0 && d.pdf(-.infinity) == 0)
        }
        let chi = try ChiSquared(degreesOfFreedom: 1), f = try FisherF(d1: 4, d2: 4)
        #expect(chi.cdf(-3) == 0 && chi.survival(-3) == 1 && chi.pdf(-3) == 0)
        let chi2 = try ChiSquared(degreesOfFreedom: 2)
        #expect(chi.pdf(0) == .infinity && chi2.pdf(0) == 0.5)
        #expect(f.cdf(-1) == 0 && f.pdf(0) == 0)
    }

    @Test func normalUpperTailUnderflowsOnlyPastThirtyEightSigma() throws {
        let normal = try Normal()
        #expect(normal.survival(37) > 0 && normal.survival(37) < 1e-290)
        #expect(normal.survival(40) == 0)
        #expect(normal.cdf(-37) == normal.survival(37))
    }

    @Test func cauchyQuantileReachesTheDeepTail() throws {
        // For ν = 1, t_p = tan(π(p − ½)) ≈ −1/(πp): finite even at p = 1e-300.
        let cauchy = try StudentT(degreesOfFreedom: 1)
        #expect(isClose(cauchy.quantile(1e-300), -1 / (Double.pi * 1e-300), relative: 1e-12))
        #expect(isClose(cauchy.quantile(0.25), -1, relative: 1e-14))
    }
}

@Suite struct SpecialFunctionTests {
    @Test func incompleteGammaMatchesScipy() throws {
        var problems = [String]()
        let cases = try DistributionReferences.load().incompleteGamma
        #expect(cases.count == 110)
        for c in cases {
            let p = SpecialFunctions.regularizedGammaP(c.a, c.x), q = SpecialFunctions.regularizedGammaQ(c.a, c.x)
            if !isClose(p, c.p) { problems.append("P(\(c.a), \(c.x)) = \(p), scipy \(c.p)") }
            if !isClose(q, c.q) { problems.append("Q(\(c.a), \(c.x)) = \(q), scipy \(c.q)") }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func incompleteBetaMatchesScipy() throws {
        var problems = [String]()
        let cases = try DistributionReferences.load().incompleteBeta
        #expect(cases.count == 350)
        for c in cases {
            let p = SpecialFunctions.regularizedBeta(c.x, c.a, c.b)
            let q = SpecialFunctions.regularizedBetaComplement(c.x, c.a, c.b)
            if !isClose(p, c.p) { problems.append("I(\(c.x); \(c.a), \(c.b)) = \(p), scipy \(c.p)") }
            if !isClose(q, c.q) { problems.append("1 - I(\(c.x); \(c.a), \(c.b)) = \(q), scipy \(c.q)") }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func incompleteGammaEdges() {
        #expect(SpecialFunctions.regularizedGammaP(2, 0) == 0)
        #expect(SpecialFunctions.regularizedGammaQ(2, 0) == 1)
        #expect(SpecialFunctions.regularizedGammaQ(2, .infinity) == 0)
        #expect(SpecialFunctions.regularizedGammaP(0, 1).isNaN)
        #expect(SpecialFunctions.regularizedGammaP(1, -1).isNaN)
        #expect(SpecialFunctions.regularizedGammaP(.nan, 1).isNaN)
        // P(1, x) = 1 − e^(−x); Q(1, x) = e^(−x) even where 1 − P underflows.
        #expect(isClose(SpecialFunctions.regularizedGammaP(1, 0.5), -expm1(-0.5), relative: 1e-14))
        #expect(isClose(SpecialFunctions.regularizedGammaQ(1, 700), exp(-700), relative: 1e-13))
    }

    @Test func incompleteBetaEdges() {
        #expect(SpecialFunctions.regularizedBeta(0, 2, 3) == 0)
        #expect(SpecialFunctions.regularizedBeta(1, 2, 3) == 1)
        #expect(SpecialFunctions.regularizedBeta(1.5, 2, 3).isNaN)
        #expect(SpecialFunctions.regularizedBeta(0.5, 0, 3).isNaN)
        #expect(isClose(SpecialFunctions.regularizedBeta(0.3, 1, 1), 0.3, relative: 1e-14))
        // I_x(a, 1) = x^a.
        #expect(isClose(SpecialFunctions.regularizedBeta(0.2, 7, 1), pow(0.2, 7), relative: 1e-13))
        #expect(isClose(SpecialFunctions.regularizedBetaComplement(0.2, 1, 7), pow(0.8, 7), relative: 1e-13))
    }

    @Test func inversesRoundTrip() {
        for a in [0.3, 1, 4.5, 200] {
            for p in [1e-80, 1e-8, 0.2, 0.5, 0.9, 1 - 1e-9] {
                let x = SpecialFunctions.inverseRegularizedGammaP(a, p)
                #expect(isClose(SpecialFunctions.regularizedGammaP(a, x), p, relative: 1e-12), "a \(a) p \(p)")
                let y = SpecialFunctions.inverseRegularizedGammaQ(a, p)
                #expect(isClose(SpecialFunctions.regularizedGammaQ(a, y), p, relative: 1e-12), "a \(a) q \(p)")
                let b = SpecialFunctions.inverseRegularizedBeta(p, a, 2.5)
                #expect(isClose(SpecialFunctions.regularizedBeta(b, a, 2.5), p, relative: 1e-12), "a \(a) p \(p)")
            }
        }
        // The root 1e-667 is below the smallest subnormal.
        #expect(SpecialFunctions.inverseRegularizedGammaP(0.3, 1e-200) == 0)
        let deep = SpecialFunctions.inverseRegularizedGammaQ(0.3, 1e-300)
        #expect(isClose(SpecialFunctions.regularizedGammaQ(0.3, deep), 1e-300, relative: 1e-12))
        #expect(SpecialFunctions.inverseRegularizedBeta(1.2, 2, 2).isNaN)
        #expect(SpecialFunctions.inverseRegularizedGammaP(2, -0.1).isNaN)
    }

    @Test func inversesRoundTripAcrossShapesAndTails() {
        let shapes = [1e-3, 0.1, 0.5, 1, 1.5, 10, 300, 1e5, 1e6]
        let probabilities = [1e-300, 1e-50, 1e-9, 0.1, 0.5, 0.9, 1 - 1e-9]
        var problems = [String]()
        for a in shapes {
            for p in probabilities {
                // Residuals are checked in the smaller tail, which the solvers target.
                let x = SpecialFunctions.inverseIncompleteGamma(a, p: p, q: 1 - p)
                let gamma = SpecialFunctions.incompleteGamma(a, x)
                let gammaTail = p < 0.5 ? gamma.lower : gamma.upper
                if x > 0, !isClose(gammaTail, min(p, 1 - p), relative: 1e-9) { problems.append("gamma a=\(a) p=\(p)") }
                for b in shapes {
                    let root = SpecialFunctions.inverseIncompleteBeta(a, b, p: p, q: 1 - p)
                    let beta = SpecialFunctions.incompleteBeta(x: root.x, y: root.y, a, b)
                    let betaTail = p < 0.5 ? beta.lower : beta.upper
                    // Roots flushed to 0 or 1 (below the normal range) have no residual to check.
                    if root.x > 0, root.y > 0, !isClose(betaTail, min(p, 1 - p), relative: 1e-9) {
                        problems.append("beta a=\(a) b=\(b) p=\(p)")
                    }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: ", "))")
    }

    @Test func logBetaStaysAccurateForLargeArguments() {
        // B(a, 1) = 1/a exactly, so log B(a, 1) = −log a.
        #expect(isClose(SpecialFunctions.logBeta(1e6, 1), -log(1e6), relative: 1e-14))
        #expect(isClose(SpecialFunctions.logBeta(1, 3e7), -log(3e7), relative: 1e-14))
        #expect(SpecialFunctions.logBeta(-1, 2).isNaN)
    }
}

/// t and F probabilities from 1 to 10²⁰ degrees of freedom, where the argument of the incomplete
/// beta function lies within 1/df of 1 and its rounding used to cost up to all digits.
@Suite struct LargeDegreesOfFreedomTests {
    /// scipy: [st.t.cdf(t, df) for t in (-5, 0.5, 2)] + [st.t.sf(6, df)]
    static let studentT: [(df: Double, values: [Double])] = [
        (1, [0.0628329581890012, 0.6475836176504333, 0.8524163823495667, 0.05256845671125344]),
        (30, [1.16483427335039e-05, 0.6896384975574363, 0.9726874775185085, 6.971384383602382e-07]),
        (1e3, [3.3836281823243174e-07, 0.6914074595830626, 0.9771148267533741, 1.3776845866887376e-09]),
        (1e6, [2.8669989354453723e-07, 0.6914624062638143, 0.9772497330743404, 9.86924906177215e-10]),
        (1e9, [2.8665162019758096e-07, 0.6914624612190028, 0.9772498679168434, 9.865879822492407e-10]),
        (1e10, [2.8665157671103264e-07, 0.691462461268512, 0.977249868038323, 9.865876787588478e-10]),
        (1e12, [2.866515719275125e-07, 0.6914624612739579, 0.9772498680516858, 9.865876453749109e-10]),
        (1e15, [2.8665157187924225e-07, 0.691462461274013, 0.9772498680518207, 9.865876450380296e-10]),
        (1e18, [2.866515718791946e-07, 0.6914624612740131, 0.9772498680518208, 9.865876450377012e-10]),
        (1e20, [2.866515718791946e-07, 0.6914624612740131, 0.9772498680518208, 9.865876450377012e-10]),
    ]

    /// scipy: [st.f.cdf(x, d1, d2) for x in (0.5, 3)] + [st.f.sf(3, d1, d2)]
    static let fisherF: [(d1: Double, d2: Double, values: [Double])] = [
        (5, 1e15, [0.22350492887667742, 0.9896376620842132, 0.010362337915786833]),
        (1e15, 5, [0.07523524614651317, 0.8930721407359575, 0.10692785926404243]),
        (3, 1e12, [0.3177296696637009, 0.9707091134646332, 0.029290886535366868]),
        (1e12, 3, [0.11161022509544236, 0.8012519569012008, 0.19874804309879923]),
        (1e15, 1e3, [4.143678592496116e-69, 1.0, 4.275597235562234e-96]),
    ]

    /// scipy: [st.f.cdf(x, 1e15, d2) for x in (0.97, 1.02)]
    static let fisherFManyDenominatorDegrees: [(d2: Double, values: [Double])] = [
        (20001, [0.0010888465497500873, 0.9756071118272396]),
        (1e5, [3.767451970630453e-12, 0.9999948776379316]),
    ]

    @Test func studentTMatchesScipy() throws {
        var problems = [String]()
        for (df, expected) in Self.studentT {
            let t = try StudentT(degreesOfFreedom: df)
            problems += mismatches("t(\(df)).cdf", [-5, 0.5, 2], [-5, 0.5, 2].map(t.cdf), Array(expected.prefix(3)))
            problems += mismatches("t(\(df)).sf", [6], [t.survival(6)], [expected[3]])
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func fisherFMatchesScipy() throws {
        var problems = [String]()
        for (d1, d2, expected) in Self.fisherF {
            let f = try FisherF(d1: d1, d2: d2)
            problems += mismatches("F(\(d1), \(d2)).cdf", [0.5, 3], [f.cdf(0.5), f.cdf(3)], Array(expected.prefix(2)))
            problems += mismatches("F(\(d1), \(d2)).sf", [3], [f.survival(3)], [expected[2]])
        }
        for (d2, expected) in Self.fisherFManyDenominatorDegrees {
            let f = try FisherF(d1: 1e15, d2: d2)
            problems += mismatches("F(1e15, \(d2)).cdf", [0.97, 1.02], [f.cdf(0.97), f.cdf(1.02)], expected)
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
