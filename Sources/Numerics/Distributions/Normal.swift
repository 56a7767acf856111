import Foundation

/// The normal (Gaussian) distribution with a given mean and standard deviation.
///
/// `cdf` and `survival` use `erfc`, so both tails are accurate to a few ulps
/// until they underflow (beyond about 38 standard deviations). `quantile` is
/// Wichura's AS 241 (PPND16), accurate to about 1e-16 relative.
public struct Normal: ContinuousDistribution, Equatable {
    /// The mean μ.
    public let mean: Double
    /// The standard deviation σ.
    public let standardDeviation: Double

    /// The standard normal distribution, μ = 0 and σ = 1.
    public static let standard = Normal(uncheckedMean: 0, sd: 1)

    /// Creates a normal distribution.
    /// - Throws: `NumericsError.invalidArgument` unless `mean` is finite and
    ///   `sd` is finite and strictly positive.
    public init(mean: Double = 0, sd: Double = 1) throws {
        guard mean.isFinite else {
            throw NumericsError.invalidArgument(operation: "Normal", detail: "mean must be finite, got \(formatNumber(mean))")
        }
        guard sd.isFinite, sd > 0 else {
            throw NumericsError.invalidArgument(operation: "Normal", detail: "sd must be finite and > 0, got \(formatNumber(sd))")
        }
        self.init(uncheckedMean: mean, sd: sd)
    }

    private init(uncheckedMean mean: Double, sd: Double) {
        self.mean = mean
        self.standardDeviation = sd
    }

    /// The density; 0 at ±∞.
    public func pdf(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return exp(-0.5 * z * z) / (standardDeviation * (2 * Double.pi).squareRoot())
    }

    /// P(X ≤ x), via erfc of the (negated) standard score.
    public func cdf(_ x: Double) -> Double {
        0.5 * erfc(-(x - mean) / standardDeviation / 2.0.squareRoot())
    }

    /// P(X > x), via erfc so the upper tail never suffers cancellation.
    public func survival(_ x: Double) -> Double {
        0.5 * erfc((x - mean) / standardDeviation / 2.0.squareRoot())
    }

    /// The quantile μ + σ·Φ⁻¹(p); −∞ at p = 0, +∞ at p = 1, NaN outside [0, 1].
    public func quantile(_ p: Double) -> Double {
        mean + standardDeviation * Normal.standardQuantile(p)
    }

    /// Φ⁻¹(p) by Wichura's algorithm AS 241 (PPND16).
    static func standardQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * centralNumerator(r) / centralDenominator(r)
        }
        // Work from the nearer tail; min(p, 1 − p) is exact in binary floating point.
        var r = (-log(q < 0 ? p : 1 - p)).squareRoot()
        let value: Double
        if r <= 5 {
            r -= 1.6
            value = intermediateNumerator(r) / intermediateDenominator(r)
        } else {
            r -= 5
            value = tailNumerator(r) / tailDenominator(r)
        }
        return q < 0 ? -value : value
    }

    private static func centralNumerator(_ r: Double) -> Double {
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
            + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
            + 133.14166789178437745) * r + 3.387132872796366608)
    }

    private static func centralDenominator(_ r: Double) -> Double {
        (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
            + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
            + 42.313330701600911252) * r + 1.0)
    }

    private static func intermediateNumerator(_ r: Double) -> Double {
        (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
            + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
            + 4.6303378461565452959) * r + 1.42343711074968357734)
    }

    private static func intermediateDenominator(_ r: Double) -> Double {
        (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
            + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
            + 2.05319162663775882187) * r + 1.0)
    }

    private static func tailNumerator(_ r: Double) -> Double {
        (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
            + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
            + 5.4637849111641143699) * r + 6.6579046435011037772)
    }

    private static func tailDenominator(_ r: Double) -> Double {
        (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
            + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
            + 0.59983220655588793769) * r + 1.0)
    }
}
