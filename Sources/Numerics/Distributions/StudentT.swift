import Foundation

/// Student's t distribution with ν degrees of freedom.
///
/// `cdf` and `survival` are the incomplete beta function at ν/(ν + t²) and
/// t²/(ν + t²), both formed without cancellation, so tails keep full relative
/// accuracy and values near the median keep it too.
public struct StudentT: ContinuousDistribution, Equatable {
    /// The degrees of freedom ν (not necessarily an integer).
    public let degreesOfFreedom: Double

    /// Creates a t distribution.
    /// - Throws: `NumericsError.invalidArgument` unless `degreesOfFreedom` is
    ///   finite and strictly positive. (Use `Normal` for the ν → ∞ limit.)
    public init(degreesOfFreedom: Double) throws {
        guard degreesOfFreedom.isFinite, degreesOfFreedom > 0 else {
            throw NumericsError.invalidArgument(
                operation: "StudentT", detail: "degrees of freedom must be finite and > 0, got \(formatNumber(degreesOfFreedom))")
        }
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// The density (1 + t²/ν)^(−(ν+1)/2) / (√ν B(ν/2, ½)); 0 at ±∞.
    public func pdf(_ t: Double) -> Double {
        let nu = degreesOfFreedom
        let logPeak = -0.5 * log(nu) - SpecialFunctions.logBeta(nu / 2, 0.5)
        return exp(logPeak - (nu + 1) / 2 * log1p(t * t / nu))
    }

    /// P(T ≤ t).
    public func cdf(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        let tail = lowerTail(magnitude: abs(t))
        return t < 0 ? tail : 1 - tail
    }

    /// P(T > t), computed directly in the upper tail.
    public func survival(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        let tail = lowerTail(magnitude: abs(t))
        return t > 0 ? tail : 1 - tail
    }

    /// The quantile; −∞ at p = 0, +∞ at p = 1, exactly 0 at p = ½, NaN outside [0, 1].
    public func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0.5 { return 0 }
        // By symmetry solve in the lower tail; 1 − p is exact for p ≥ ½.
        let tail = p < 0.5 ? p : 1 - p
        let magnitude = extremeTailMagnitude(tail) ?? centralMagnitude(tail)
        return p < 0.5 ? -magnitude : magnitude
    }

    /// |t| with P(T < −|t|) = tail, through the incomplete beta inverse.
    private func centralMagnitude(_ tail: Double) -> Double {
        let root = SpecialFunctions.inverseIncompleteBeta(degreesOfFreedom / 2, 0.5, p: 2 * tail, q: 1 - 2 * tail)
        return (degreesOfFreedom * (root.y / root.x)).squareRoot()
    }

    /// |t| from the leading tail term, when x = ν/(ν + t²) would underflow.
    ///
    /// For tiny x, I_x(a, ½) = x^a / (a B(a, ½)) · (1 + O(x)), so solving the
    /// leading term in logarithms is exact to double precision and lets heavy
    /// tails (ν ≤ 1) reach quantiles near 1e300 instead of returning infinity.
    /// Returns nil when x is representable and the general solver applies.
    private func extremeTailMagnitude(_ tail: Double) -> Double? {
        let a = degreesOfFreedom / 2
        let logX = (log(a) + SpecialFunctions.logBeta(a, 0.5) + log(2 * tail)) / a
        guard logX < -600 else { return nil }
        return degreesOfFreedom.squareRoot() * exp(-logX / 2)
    }

    /// P(T < −|t|) = ½ I_x(ν/2, ½) with x = ν/(ν + t²).
    private func lowerTail(magnitude t: Double) -> Double {
        if t.isInfinite { return 0 }
        let nu = degreesOfFreedom
        // Form x and y = 1 − x from whichever ratio cannot overflow.
        let x: Double, y: Double
        if t * t > nu {
            let r = nu / t / t
            (x, y) = (r / (1 + r), 1 / (1 + r))
        } else {
            let r = t * t / nu
            (x, y) = (1 / (1 + r), r / (1 + r))
        }
        return 0.5 * SpecialFunctions.incompleteBeta(x: x, y: y, nu / 2, 0.5).lower
    }
}
