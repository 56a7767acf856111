import Foundation

/// The chi-squared distribution with k degrees of freedom (a gamma(k/2, 2)).
public struct ChiSquared: ContinuousDistribution, Equatable {
    /// The degrees of freedom k (not necessarily an integer).
    public let degreesOfFreedom: Double

    /// Creates a chi-squared distribution.
    /// - Throws: `NumericsError.invalidArgument` unless `degreesOfFreedom` is
    ///   finite and strictly positive.
    public init(degreesOfFreedom: Double) throws {
        guard degreesOfFreedom.isFinite, degreesOfFreedom > 0 else {
            throw NumericsError.invalidArgument(
                operation: "ChiSquared", detail: "degrees of freedom must be finite and > 0, got \(formatNumber(degreesOfFreedom))")
        }
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// The density; 0 for x < 0, and at x = 0 it is +∞ (k < 2), ½ (k = 2) or 0 (k > 2).
    public func pdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < 0 || x.isInfinite { return 0 }
        return SpecialFunctions.gammaDensity(degreesOfFreedom / 2, x / 2) / 2
    }

    /// P(X ≤ x) = P(k/2, x/2); 0 for x ≤ 0.
    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return SpecialFunctions.incompleteGamma(degreesOfFreedom / 2, max(x, 0) / 2).lower
    }

    /// P(X > x) = Q(k/2, x/2), computed directly; 1 for x ≤ 0.
    public func survival(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return SpecialFunctions.incompleteGamma(degreesOfFreedom / 2, max(x, 0) / 2).upper
    }

    /// The quantile; 0 at p = 0, +∞ at p = 1, NaN outside [0, 1].
    public func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        return 2 * SpecialFunctions.inverseIncompleteGamma(degreesOfFreedom / 2, p: p, q: 1 - p)
    }
}
