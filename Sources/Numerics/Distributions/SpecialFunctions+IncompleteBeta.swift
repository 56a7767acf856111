import Foundation

extension SpecialFunctions {
    /// The regularized incomplete beta function I_x(a, b).
    ///
    /// Accurate to roughly 1e-14 relative in both tails. `I_0 = 0`, `I_1 = 1`.
    ///
    /// - Returns: NaN if any argument is NaN, `a <= 0`, `b <= 0`, or `x` lies
    ///   outside [0, 1].
    public static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        incompleteBeta(x: x, y: 1 - x, a, b).lower
    }

    /// The complement 1 − I_x(a, b) = I_(1−x)(b, a), computed directly.
    ///
    /// Pass `y = 1 − x` yourself when you know it more accurately than `x`
    /// (for example from `d2 / (d1·f + d2)`), through `incompleteBeta(x:y:_:_:)`.
    ///
    /// - Returns: NaN under the same conditions as `regularizedBeta`.
    public static func regularizedBetaComplement(_ x: Double, _ a: Double, _ b: Double) -> Double {
        incompleteBeta(x: x, y: 1 - x, a, b).upper
    }

    /// Both tails (I_x(a, b), I_y(b, a)) where the caller supplies y = 1 − x.
    ///
    /// Taking `x` and `y` separately lets callers keep full relative precision
    /// in whichever is tiny; distributions derive both from their own argument.
    /// The continued fraction runs on the side where it converges fast, and
    /// that side is always the smaller tail, so subtraction never eats the
    /// digits of a tiny p-value.
    static func incompleteBeta(x: Double, y: Double, _ a: Double, _ b: Double) -> (lower: Double, upper: Double) {
        guard !x.isNaN, !y.isNaN, !a.isNaN, !b.isNaN, a > 0, b > 0, x >= 0, y >= 0, x <= 1, y <= 1 else {
            return (.nan, .nan)
        }
        if x == 0 { return (0, 1) }
        if y == 0 { return (1, 0) }
        // Decided on the smaller of x and y: the larger one is rounded, and with a large
        // parameter the threshold lies within that rounding of 1.
        let lowerIsSmaller = x <= 0.5 ? x < (a + 1) / (a + b + 2) : y > (b + 1) / (a + b + 2)
        if lowerIsSmaller {
            let lower = largeShapeExpansion(x: x, y: y, a, b) ?? betaPowerTerm(x: x, y: y, a, b) / a * betaContinuedFraction(x, a, b)
            return (lower, 1 - lower)
        }
        let upper = largeShapeExpansion(x: y, y: x, b, a) ?? betaPowerTerm(x: y, y: x, b, a) / b * betaContinuedFraction(y, b, a)
        return (1 - upper, upper)
    }

    /// I_x(a, b) for a ≥ 100 and x ≥ 0.7, from y = 1 − x alone; nil elsewhere.
    ///
    /// There the continued fraction in x amplifies the rounding of x = 1 − y about a-fold, so
    /// t and F probabilities at 10¹² degrees of freedom kept four digits. Here b is brought
    /// down to b₀ in (0, 1] by I_x(a, b) = I_x(a, b − 1) + x^a y^(b−1) / ((b − 1) B(a, b − 1)),
    /// whose terms are all positive, and I_x(a, b₀) comes from an asymptotic expansion.
    static func largeShapeExpansion(x: Double, y: Double, _ a: Double, _ b: Double) -> Double? {
        guard a >= 100, b < 1e15, y <= 0.3 else { return nil }
        let steps = Int(b.rounded(.up)) - 1
        let reduced = b - Double(steps)
        guard let head = incompleteGammaExpansion(y: y, a, reduced) else { return nil }
        return head + reductionTerms(x: x, y: y, a, reduced, steps: steps)
    }

    /// Σ over k < steps of x^a y^(b₀+k) / ((b₀+k) B(a, b₀+k)), which rises to one peak in k and
    /// falls: summed outwards from the peak through the ratio y(a + b₀ + k)/(b₀ + k + 1) of
    /// neighbours until terms no longer count, each 64th term recomputed so rounding cannot build up.
    private static func reductionTerms(x: Double, y: Double, _ a: Double, _ reduced: Double, steps: Int) -> Double {
        guard steps > 0 else { return 0 }
        func term(_ k: Int) -> Double { betaPowerTerm(x: x, y: y, a, reduced + Double(k)) / (reduced + Double(k)) }
        func ratio(_ k: Int) -> Double { y * (a + reduced + Double(k)) / (reduced + Double(k) + 1) }  // term(k+1)/term(k)
        let rising = (y * (a + reduced) - reduced - 1) / (1 - y)  // the ratio is ≥ 1 up to here
        let peak = rising.isFinite ? Int(Swift.min(Swift.max(rising.rounded(.up), 0), Double(steps - 1))) : 0
        var sum = term(peak)
        var t = sum
        for k in stride(from: peak + 1, to: steps, by: 1) {
            t = (k - peak) % 64 == 0 ? term(k) : t * ratio(k - 1)
            sum += t
            if t <= 1e-17 * sum { break }
        }
        t = term(peak)
        for k in stride(from: peak - 1, through: 0, by: -1) {
            t = (peak - k) % 64 == 0 ? term(k) : t / ratio(k)
            sum += t
            if t <= 1e-17 * sum { break }
        }
        return sum
    }

    /// I_x(a, b) for large a and 0 < b ≤ 1 as a series in incomplete gamma functions whose
    /// terms fall as 1/a² (DiDonato and Morris, TOMS 708, BGRAT); nil if it breaks down.
    ///
    /// With ν = a + (b − 1)/2 and z = −ν log x, the leading term is Q(b, z), the gamma limit.
    private static func incompleteGammaExpansion(y: Double, _ a: Double, _ b: Double) -> Double? {
        let logX = log1p(-y)
        let nu = a + (b - 1) / 2
        let z = -nu * logX
        // log[Γ(a + b) / (Γ(a) ν^b)], which is near 0, without subtracting large logarithms.
        let logScale = (a - 0.5) * log1p(b / a) - b + b * log1p((b + 1) / (2 * nu))
            + stirlingRemainder(a + b) - stirlingRemainder(a)
        let q = incompleteGamma(b, z).upper
        let density = b * poissonTerm(b, z)  // z^b e^(−z) / Γ(b)
        let v = 0.25 / (nu * nu), logSquare = 0.25 * logX * logX
        var j = q, sum = q, power = 1.0, c = 1.0
        var cs = [Double](), ds = [Double]()
        for n in 1...30 {
            let shifted = b + Double(2 * n - 2)
            j = (shifted * (shifted + 1) * j + density * (z + shifted + 1) * power) * v
            power *= logSquare
            c /= Double(2 * n * (2 * n + 1))
            cs.append(c)
            var convolution = 0.0
            for i in 1..<n { convolution += (Double(i) * b - Double(n)) * cs[i - 1] * ds[n - i - 1] }
            let d = (b - 1) * c + convolution / Double(n)
            ds.append(d)
            sum += d * j
            if !(sum > 0) || abs(d * j) <= 1e-16 * sum { break }
        }
        guard sum >= 0 else { return nil }
        return exp(logScale) * sum
    }

    /// x^a y^b / B(a, b) with y = 1 − x, through Loader's binomial saddle point.
    ///
    /// Equal to ab/(a+b) · dbinom(a; a+b, x), which Loader's deviance form
    /// evaluates without the cancellation of `a log x + b log y − log B(a,b)`
    /// when a or b is large.
    static func betaPowerTerm(x: Double, y: Double, _ a: Double, _ b: Double) -> Double {
        if x == 0 || y == 0 { return 0 }
        if max(a, b) < 10 {
            // Small exponents cannot amplify rounding, and lgamma is exact enough here.
            return exp(a * log(x) + b * log(y) - logBeta(a, b))
        }
        let n = a + b
        let exponent = stirlingRemainder(n) - stirlingRemainder(a) - stirlingRemainder(b)
            - deviance(a, n * x) - deviance(b, n * y)
        let binomial = exp(exponent) * (n / (2 * Double.pi * a * b)).squareRoot()
        return binomial * a * b / n
    }

    /// The derivative of I_x(a, b) with respect to x: the beta(a, b) density.
    static func betaDensity(x: Double, y: Double, _ a: Double, _ b: Double) -> Double {
        if x == 0 { return a == 1 ? 1 / exp(logBeta(a, b)) : (a < 1 ? .infinity : 0) }
        if y == 0 { return b == 1 ? 1 / exp(logBeta(a, b)) : (b < 1 ? .infinity : 0) }
        return betaPowerTerm(x: x, y: y, a, b) / (x * y)
    }

    /// The continued fraction for I_x(a, b) (modified Lentz), fast for x < (a+1)/(a+b+2).
    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1..<1_000_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}
