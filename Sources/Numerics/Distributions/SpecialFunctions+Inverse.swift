import Foundation

extension SpecialFunctions {
    /// The x with P(a, x) = p: the inverse of the regularized lower incomplete gamma.
    ///
    /// Returns 0 for p = 0 and +∞ for p = 1, and 0 when the root lies below
    /// the smallest normal double (tiny p with a small shape a).
    ///
    /// - Returns: NaN if either argument is NaN, `a <= 0`, or p lies outside [0, 1].
    public static func inverseRegularizedGammaP(_ a: Double, _ p: Double) -> Double {
        inverseIncompleteGamma(a, p: p, q: 1 - p)
    }

    /// The x with Q(a, x) = q: the inverse of the regularized upper incomplete gamma.
    ///
    /// Solves against Q directly, so q far below machine epsilon is honoured.
    ///
    /// - Returns: NaN if either argument is NaN, `a <= 0`, or q lies outside [0, 1].
    public static func inverseRegularizedGammaQ(_ a: Double, _ q: Double) -> Double {
        inverseIncompleteGamma(a, p: 1 - q, q: q)
    }

    /// The x with I_x(a, b) = p: the inverse of the regularized incomplete beta.
    ///
    /// A root within the smallest normal double of 0 (or of 1) is returned as 0 (or 1).
    ///
    /// - Returns: NaN if any argument is NaN, `a <= 0`, `b <= 0`, or p lies
    ///   outside [0, 1].
    public static func inverseRegularizedBeta(_ p: Double, _ a: Double, _ b: Double) -> Double {
        inverseIncompleteBeta(a, b, p: p, q: 1 - p).x
    }

    /// Solves P(a, x) = p given both p and q = 1 − p, each to full precision.
    ///
    /// Roots below the smallest normal double are returned as 0.
    static func inverseIncompleteGamma(_ a: Double, p: Double, q: Double) -> Double {
        guard !a.isNaN, !p.isNaN, !q.isNaN, a > 0, a.isFinite, p >= 0, p <= 1, q >= 0, q <= 1 else { return .nan }
        if p == 0 { return 0 }
        if q == 0 { return .infinity }
        return solveTail(start: gammaStartingGuess(a, p: p, q: q), hi: .infinity,
                         target: min(p, q), increasing: p <= q) { x in
            let tails = incompleteGamma(a, x)
            return (p <= q ? tails.lower : tails.upper, gammaDensity(a, x), (a - 1) / x - 1)
        }
    }

    /// Safeguarded Newton–Halley iteration for tail(x) = target, starting from `start`.
    ///
    /// `evaluate` gives the tail that `target` belongs to (always the smaller of
    /// p and q, which keeps relative precision), the density and f''/f'. For a
    /// small target the step is Newton on log(tail) against log(x): tails there
    /// behave like powers or exponentials, where plain Newton creeps towards
    /// the root by a roughly constant amount per step. Any step leaving the bracket known so
    /// far is replaced by bisection, so a poor start cannot make it diverge.
    private static func solveTail(
        start: Double, hi upperBound: Double, target: Double, increasing: Bool,
        evaluate: (Double) -> (tail: Double, density: Double, curvature: Double)
    ) -> Double {
        var (x, lo, hi) = (min(max(start, Double.leastNormalMagnitude), upperBound), 0.0, upperBound)
        let direction = increasing ? 1.0 : -1.0
        for _ in 0..<300 {
            let (tail, density, curvature) = evaluate(x)
            let residual = direction * (tail - target)
            if residual == 0 { return x }
            if residual > 0 { hi = x } else { lo = x }
            if hi <= Double.leastNormalMagnitude { return 0 }
            var next = x
            if density > 0, density.isFinite {
                if target < 1e-3, tail > 0 {
                    // Newton on log(tail) against log(x): exact for a pure power law,
                    // and it can never step to a negative x.
                    next = x * exp(-direction * log(tail / target) * tail / (density * x))
                } else {
                    let newton = residual / density
                    next = x - newton / max(0.5, min(2, 1 - 0.5 * newton * curvature))
                }
            }
            if !(next > lo && next < hi) { next = bisectionPoint(lo: lo, hi: hi, current: x) }
            if abs(next - x) <= 1e-15 * abs(x) { return next }
            x = next
        }
        return x
    }

    /// An initial guess for the inverse incomplete gamma (Numerical Recipes, plus a tail form).
    private static func gammaStartingGuess(_ a: Double, p: Double, q: Double) -> Double {
        // Deep in the lower tail P(a, x) ≈ x^a / Γ(a+1); Wilson–Hilferty is far off
        // there and Newton would crawl towards the root by a factor (1 − 1/a) a step.
        let leading = exp((log(p) + lgamma(a + 1)) / a)
        if p < q, leading < 0.1 * a { return max(leading, Double.leastNormalMagnitude) }
        if a > 1 {
            let z = normalDeviateGuess(p: p, q: q)
            let cube = 1 - 1 / (9 * a) + z / (3 * a.squareRoot())
            return max(1e-3 * a, a * cube * cube * cube)
        }
        let t = 1 - a * (0.253 + a * 0.12)
        if p < t { return max(pow(p / t, 1 / a), Double.leastNormalMagnitude) }
        // Written with q so that q far below epsilon still gives a finite guess.
        return 1 - log(q / (1 - t))
    }

    /// A rough standard normal quantile (Abramowitz & Stegun 26.2.23), good to 5e-3.
    private static func normalDeviateGuess(p: Double, q: Double) -> Double {
        let tail = min(p, q)
        let t = (-2 * log(tail)).squareRoot()
        let z = t - (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481))
        return p < q ? -z : z
    }

    /// Solves I_x(a, b) = p given both p and q = 1 − p; returns x and y = 1 − x.
    ///
    /// The iteration runs on whichever of x and 1 − x is expected to be the
    /// smaller, so the result keeps full relative precision even when the root
    /// is within an ulp of 1 (as for Student t quantiles near the median).
    static func inverseIncompleteBeta(_ a: Double, _ b: Double, p: Double, q: Double) -> (x: Double, y: Double) {
        guard !a.isNaN, !b.isNaN, !p.isNaN, !q.isNaN, a > 0, b > 0, p >= 0, p <= 1, q >= 0, q <= 1 else {
            return (.nan, .nan)
        }
        if p == 0 { return (0, 1) }
        if q == 0 { return (1, 0) }
        let guess = betaStartingGuess(a, b, p: p, q: q)
        if guess > 0.5 {
            let swapped = solveIncompleteBeta(b, a, p: q, q: p, guess: 1 - guess)
            return (swapped.y, swapped.x)
        }
        return solveIncompleteBeta(a, b, p: p, q: q, guess: guess)
    }

    /// Solves I_x(a, b) = p from `guess` < ½, where y = 1 − x loses nothing.
    private static func solveIncompleteBeta(
        _ a: Double, _ b: Double, p: Double, q: Double, guess: Double
    ) -> (x: Double, y: Double) {
        let x = solveTail(start: guess, hi: 1, target: min(p, q), increasing: p <= q) { x in
            let tails = incompleteBeta(x: x, y: 1 - x, a, b)
            return (p <= q ? tails.lower : tails.upper, betaDensity(x: x, y: 1 - x, a, b), (a - 1) / x - (b - 1) / (1 - x))
        }
        return (x, 1 - x)
    }

    /// The fallback point inside a bracket [lo, hi] with lo ≥ 0 and hi possibly infinite.
    ///
    /// Geometric while the bracket spans more than a factor of two, because the
    /// roots range over hundreds of orders of magnitude and arithmetic halving
    /// would take a thousand steps to get from 1 to 1e-300.
    private static func bisectionPoint(lo: Double, hi: Double, current: Double) -> Double {
        if hi.isInfinite { return 2 * current + 1 }
        if lo == 0 { return 0.5 * hi }
        return hi < 2 * lo ? 0.5 * (lo + hi) : (lo * hi).squareRoot()
    }

    /// Numerical Recipes' initial guess for the inverse incomplete beta.
    private static func betaStartingGuess(_ a: Double, _ b: Double, p: Double, q: Double) -> Double {
        if a >= 1, b >= 1 {
            // Approximate the beta quantile through a normal deviate (AS 109).
            let z = -normalDeviateGuess(p: p, q: q)
            let al = (z * z - 3) / 6
            let h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
            let w = z * (al + h).squareRoot() / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5.0 / 6 - 2 / (3 * h))
            return a / (a + b * exp(2 * w))
        }
        let lna = log(a / (a + b)), lnb = log(b / (a + b))
        let t = exp(a * lna) / a, u = exp(b * lnb) / b, w = t + u
        if p < t / w { return pow(a * w * p, 1 / a) }
        return 1 - pow(b * w * q, 1 / b)
    }
}
