import Foundation

/// Snedecor's F distribution with d1 (numerator) and d2 (denominator) degrees of freedom.
public struct FisherF: ContinuousDistribution, Equatable {
    /// The numerator degrees of freedom d1.
    public let d1: Double
    /// The denominator degrees of freedom d2.
    public let d2: Double

    /// Creates an F distribution.
    /// - Throws: `NumericsError.invalidArgument` unless both degrees of freedom
    ///   are finite and strictly positive.
    public init(d1: Double, d2: Double) throws {
        guard d1.isFinite, d1 > 0, d2.isFinite, d2 > 0 else {
            throw NumericsError.invalidArgument(
                operation: "FisherF", detail: "degrees of freedom must be finite and > 0, got \(formatNumber(d1)), \(formatNumber(d2))")
        }
        self.d1 = d1
        self.d2 = d2
    }

    /// The density; 0 for x < 0, and at x = 0 it is +∞ (d1 < 2), 1 (d1 = 2) or 0 (d1 > 2).
    public func pdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < 0 || x.isInfinite { return 0 }
        if x == 0 { return d1 < 2 ? .infinity : (d1 == 2 ? 1 : 0) }
        let (u, v) = betaArguments(x)
        // d/dx of u = d1·x/(d1·x + d2) is u·v/x, which turns the beta density into this.
        return SpecialFunctions.betaPowerTerm(x: u, y: v, d1 / 2, d2 / 2) / x
    }

    /// P(X ≤ x); 0 for x ≤ 0.
    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        let (u, v) = betaArguments(max(x, 0))
        return SpecialFunctions.incompleteBeta(x: u, y: v, d1 / 2, d2 / 2).lower
    }

    /// P(X > x), computed directly in the upper tail; 1 for x ≤ 0.
    public func survival(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        let (u, v) = betaArguments(max(x, 0))
        return SpecialFunctions.incompleteBeta(x: u, y: v, d1 / 2, d2 / 2).upper
    }

    /// The quantile; 0 at p = 0, +∞ at p = 1, NaN outside [0, 1].
    public func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        let root = SpecialFunctions.inverseIncompleteBeta(d1 / 2, d2 / 2, p: p, q: 1 - p)
        return d2 / d1 * (root.x / root.y)
    }

    /// u = d1·x/(d1·x + d2) and v = 1 − u, each formed without overflow or cancellation.
    private func betaArguments(_ x: Double) -> (Double, Double) {
        if x.isInfinite { return (1, 0) }
        if d1 * x > d2 {
            let r = d2 / (d1 * x)
            return (1 / (1 + r), r / (1 + r))
        }
        let r = d1 * x / d2
        return (r / (1 + r), 1 / (1 + r))
    }
}
