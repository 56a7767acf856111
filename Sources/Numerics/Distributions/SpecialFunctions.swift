import Foundation

/// Special functions that the probability distributions are built on.
///
/// Every function here is total: arguments outside the mathematical domain
/// return NaN instead of throwing, and a NaN argument always yields NaN, so the
/// functions compose inside larger expressions the way `exp` and `log` do.
/// Parameter validation with typed errors happens one level up, where the
/// distributions are constructed.
public enum SpecialFunctions {
    /// The natural logarithm of the absolute value of the gamma function.
    ///
    /// - Returns: `+infinity` at the poles (zero and the negative integers),
    ///   NaN for NaN.
    public static func logGamma(_ x: Double) -> Double {
        lgamma(x)
    }

    /// The natural logarithm of the beta function B(a, b) = Γ(a)Γ(b)/Γ(a+b).
    ///
    /// When an argument is large, `lgamma(a) - lgamma(a+b)` cancels
    /// catastrophically, so the difference is taken through Stirling
    /// remainders instead; this keeps the result accurate to a few ulps
    /// even for a, b around 1e6.
    ///
    /// - Returns: NaN unless `a > 0` and `b > 0`.
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        guard a > 0, b > 0 else { return .nan }
        let small = min(a, b), large = max(a, b)
        if large < 10 { return lgamma(small) + lgamma(large) - lgamma(small + large) }
        let sum = small + large
        // log Γ(large) − log Γ(sum) written so that no large terms cancel.
        let ratio = -(large - 0.5) * log1p(small / large) - small * log(sum) + small
            + stirlingRemainder(large) - stirlingRemainder(sum)
        if small < 10 { return lgamma(small) + ratio }
        return 0.5 * log(2 * Double.pi) + (small - 0.5) * log(small) - small
            + stirlingRemainder(small) + ratio
    }

    /// The Stirling remainder δ(z) = log Γ(z) − [(z − ½) log z − z + ½ log 2π].
    ///
    /// This equals Loader's `stirlerr(z)` = log Γ(z+1) − [(z + ½) log z − z + ½ log 2π].
    ///
    /// Uses the asymptotic series for z ≥ 10, where six terms reach double
    /// precision; below that the defining difference has no harmful cancellation.
    static func stirlingRemainder(_ z: Double) -> Double {
        if z < 10 { return lgamma(z) - ((z - 0.5) * log(z) - z + 0.5 * log(2 * Double.pi)) }
        let w = 1 / (z * z)
        let series = 1.0 / 12 - w * (1.0 / 360 - w * (1.0 / 1260 - w * (1.0 / 1680 - w * (1.0 / 1188 - w * 691.0 / 360360))))
        return series / z
    }

    /// Loader's deviance term bd0(x, m) = x log(x/m) + m − x, without cancellation.
    static func deviance(_ x: Double, _ m: Double) -> Double {
        if abs(x - m) < 0.1 * (x + m) {
            // Series in v = (x − m)/(x + m): the direct formula loses all digits as x → m.
            var v = (x - m) / (x + m)
            var sum = (x - m) * v
            guard abs(sum) >= Double.leastNormalMagnitude else { return sum }
            var term = 2 * x * v
            v *= v
            for j in 1..<1000 {
                term *= v
                let next = sum + term / Double(2 * j + 1)
                if next == sum { return next }
                sum = next
            }
            return sum
        }
        return x * log(x / m) + m - x
    }
}
