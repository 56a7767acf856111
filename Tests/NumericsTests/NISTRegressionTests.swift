import Foundation
import Testing
@testable import Numerics

/// Polynomial least squares against the NIST StRD certified values.
///
/// The bar is at least 7 correct significant digits on every
/// coefficient for the ill-conditioned polynomial fits (Filip, Wampler).
@Suite struct NISTRegressionTests {
    struct Certified {
        let coefficients: [Double]
        let standardDeviations: [Double]
        let residualStandardDeviation: Double
        let rSquared: Double
    }

    static let datasets = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("datasets/nist")

    /// Reads (y, x) pairs from one of the shipped NIST CSV files.
    static func load(_ name: String) throws -> (y: [Double], x: [Double]) {
        let text = try String(contentsOf: datasets.appendingPathComponent("\(name).csv"), encoding: .utf8)
        var y = [Double](), x = [Double]()
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            y.append(Double(fields[0])!)
            x.append(Double(fields[1])!)
        }
        return (y, x)
    }

    /// The design matrix [1, x, x², …, x^degree].
    static func polynomialDesign(_ x: [Double], degree: Int) throws -> Matrix {
        try Matrix(columns: (0...degree).map { power in Vector(x.map { Foundation.pow($0, Double(power)) }) })
    }

    /// Correct significant digits of `value` against `reference`, as NIST counts them (LRE).
    static func logRelativeError(_ value: Double, _ reference: Double) -> Double {
        if value == reference { return 15 }
        let relative = reference == 0 ? abs(value) : abs(value - reference) / abs(reference)
        return Swift.min(15, -Foundation.log10(relative))
    }

    struct Fit {
        let solution: LeastSquaresSolution
        let coefficients: [Double]
        let standardErrors: [Double]
        let residualStandardDeviation: Double
        let rSquared: Double
    }

    static func fit(_ name: String, degree: Int) throws -> Fit {
        let (y, x) = try load(name)
        let design = try polynomialDesign(x, degree: degree)
        let solution = try design.leastSquares(Vector(y))
        let rss = solution.residualSumOfSquares[0]
        let variance = rss / Double(solution.residualDegreesOfFreedom)
        let mean = y.reduce(0, +) / Double(y.count)
        let tss = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let errors = (0...degree).map { (variance * solution.unscaledCovariance[$0, $0]).squareRoot() }
        return Fit(
            solution: solution, coefficients: try solution.coefficients.column(0).elements, standardErrors: errors,
            residualStandardDeviation: variance.squareRoot(), rSquared: 1 - rss / tss)
    }

    static func expectDigits(_ fit: Fit, _ certified: Certified, coefficients: Double, errors: Double) {
        for (value, reference) in zip(fit.coefficients, certified.coefficients) {
            #expect(logRelativeError(value, reference) >= coefficients, "coefficient \(value) vs certified \(reference)")
        }
        for (value, reference) in zip(fit.standardErrors, certified.standardDeviations) {
            #expect(logRelativeError(value, reference) >= errors, "standard deviation \(value) vs certified \(reference)")
        }
        #expect(logRelativeError(fit.residualStandardDeviation, certified.residualStandardDeviation) >= errors)
        #expect(logRelativeError(fit.rSquared, certified.rSquared) >= errors)
    }

    @Test func norris() throws {
        let certified = Certified(
            coefficients: [-0.262323073774029, 1.00211681802045],
            standardDeviations: [0.232818234301152, 0.429796848199937e-3],
            residualStandardDeviation: 0.884796396144373, rSquared: 0.999993745883712)
        Self.expectDigits(try Self.fit("norris", degree: 1), certified, coefficients: 12, errors: 12)
    }

    @Test func pontius() throws {
        let certified = Certified(
            coefficients: [0.673565789473684e-3, 0.732059160401003e-6, -0.316081871345029e-14],
            standardDeviations: [0.107938612033077e-3, 0.157817399981659e-9, 0.486652849992036e-16],
            residualStandardDeviation: 0.205177424076185e-3, rSquared: 0.999999900178537)
        Self.expectDigits(try Self.fit("pontius", degree: 2), certified, coefficients: 10, errors: 10)
    }

    @Test func filip() throws {
        let certified = Certified(
            coefficients: [
                -1467.48961422980, -2772.17959193342, -2316.37108160893, -1127.97394098372, -354.478233703349,
                -75.1242017393757, -10.8753180355343, -1.06221498588947, -0.670191154593408e-1,
                -0.246781078275479e-2, -0.402962525080404e-4,
            ],
            standardDeviations: [
                298.084530995537, 559.779865474950, 466.477572127796, 227.204274477751, 71.6478660875927,
                15.2897178747400, 2.23691159816033, 0.221624321934227, 0.142363763154724e-1,
                0.535617408889821e-3, 0.896632837373868e-5,
            ],
            residualStandardDeviation: 0.334801051324544e-2, rSquared: 0.996727416185620)
        let fit = try Self.fit("filip", degree: 10)
        #expect(fit.solution.rank == 11, "Filip is full rank; the solver must not drop a column")
        Self.expectDigits(fit, certified, coefficients: 7, errors: 7)
    }

    @Test func wampler5() throws {
        let certified = Certified(
            coefficients: [1, 1, 1, 1, 1, 1],
            standardDeviations: [21523262.4678170, 23635517.3469681, 7793435.24331583, 1014755.07550350, 56456.6512170752, 1123.24854679312],
            residualStandardDeviation: 23601450.2379268, rSquared: 0.224668921574940e-2)
        Self.expectDigits(try Self.fit("wampler5", degree: 5), certified, coefficients: 7, errors: 9)
    }

    /// Wampler1 is an exact fit: y = 1 + x + x² + x³ + x⁴ + x⁵ on x = 0…20.
    @Test func wampler1ExactPolynomial() throws {
        let x = (0...20).map(Double.init)
        let y = x.map { v in (0...5).reduce(0.0) { $0 + Foundation.pow(v, Double($1)) } }
        let solution = try Self.polynomialDesign(x, degree: 5).leastSquares(Vector(y))
        for value in try solution.coefficients.column(0) {
            #expect(Self.logRelativeError(value, 1) >= 9)
        }
    }
}
