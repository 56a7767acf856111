/// A univariate continuous probability distribution.
///
/// Shared numerical contract of every conforming type:
/// - a NaN argument yields NaN;
/// - `survival(x)` is the upper tail computed directly, not `1 - cdf(x)`,
///   so p-values far below machine epsilon keep their relative accuracy;
/// - `quantile(p)` returns NaN for p outside [0, 1] and the support's
///   endpoints (possibly infinite) for p = 0 and p = 1.
public protocol ContinuousDistribution: Sendable {
    /// The probability density at `x`; zero outside the support.
    func pdf(_ x: Double) -> Double
    /// P(X ≤ x).
    func cdf(_ x: Double) -> Double
    /// P(X > x), evaluated directly in the upper tail.
    func survival(_ x: Double) -> Double
    /// The smallest x with `cdf(x) >= p`.
    func quantile(_ p: Double) -> Double
}
