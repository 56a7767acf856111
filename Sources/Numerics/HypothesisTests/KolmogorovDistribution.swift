import Foundation

/// Null distributions of the Kolmogorov–Smirnov statistics, following scipy's choices.
enum KolmogorovDistribution {
    /// The exact two-sided two-sample p-value P(D ≥ d) (Hodges; Viehmann's stable recursion).
    ///
    /// Returns the statistic snapped to its lattice h / lcm and the p-value, or a
    /// nil p-value when rounding pushed it outside [0, 1] (scipy then goes asymptotic).
    static func exactTwoSample(_ n1: Int, _ n2: Int, gcd g: Int, statistic d: Double) -> (statistic: Double, pValue: Double?) {
        let lcm = (n1 / g) * n2
        let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
        let snapped = Double(h) / Double(lcm)
        if h == 0 { return (snapped, 1) }
        let p = n1 == n2 ? outsideSquare(n1, h) : outsideBand(n1, n2, g, h)
        return (snapped, p >= 0 && p <= 1 ? p : nil)
    }

    /// For n1 = n2 = n: the share of lattice paths leaving the band |x − y| < h.
    ///
    /// The alternating sum 2 Σ (−1)^(k+1) C(2n, n − kh) / C(2n, n) is evaluated
    /// in nested (Horner) form from the innermost term, which avoids cancellation.
    private static func outsideSquare(_ n: Int, _ h: Int) -> Double {
        var total = 0.0
        var k = n / h
        while k >= 0 {
            var ratio = 1.0
            for j in 0..<h {
                ratio = Double(n - k * h - j) * ratio / Double(n + k * h + j + 1)
            }
            total = ratio * (1 - total)
            k -= 1
        }
        return 2 * total
    }

    /// For n1 ≠ n2: one minus the share of lattice paths from (0, 0) to (m, n)
    /// staying strictly inside |x/m − y/n| < h/lcm.
    ///
    /// Viehmann's recursion (arXiv:2102.08037) carries 1 − (share inside) column
    /// by column in a sliding window, so no binomial coefficient is ever formed
    /// and tiny p-values keep their relative precision.
    private static func outsideBand(_ first: Int, _ second: Int, _ g: Int, _ h: Int) -> Double {
        let (m, n) = (max(first, second), min(first, second))
        let (mg, ng) = (Double(m / g), Double(n / g))
        var low = 0, high = min(Int((Double(h) / mg).rounded(.up)), n + 1)
        var width = high - low
        var column = [Double](repeating: 1, count: min(2 * high + 2, n + 1))
        for k in low..<high { column[k] = 0 }
        for i in 1...m {
            let (previousLow, previousWidth) = (low, width)
            low = min(max(Int(((ng * Double(i) - Double(h)) / mg).rounded(.down)) + 1, 0), n)
            high = min(Int(((ng * Double(i) + Double(h)) / mg).rounded(.up)), n + 1)
            if high <= low { return 1 }
            var value = low == 0 ? 0.0 : 1.0
            for offset in 0..<(high - low) {
                let j = Double(offset + low), x = Double(i)
                value = (column[offset + low - previousLow] * x + value * j) / (x + j)
                column[offset] = value
            }
            width = high - low
            // Cells that fell off the top of the window are outside the band.
            if previousWidth > width {
                for k in width..<min(previousWidth, column.count) { column[k] = 1 }
            }
        }
        return column[high - low - 1]
    }

    /// P(D_n ≥ d) for the one-sample two-sided Kolmogorov statistic (scipy's `kstwo.sf`).
    ///
    /// Follows scipy's case split (Simard & L'Ecuyer): Ruben–Gambino closed forms
    /// at the extremes, 2·Smirnov where that is exact or within double precision,
    /// and 1 − CDF elsewhere, with the CDF from the Durbin matrix (MTW),
    /// Pomeranz's recursion or the Pelz–Good expansion in the same regions as scipy.
    static func survival(_ n: Int, _ d: Double) -> Double {
        if d >= 1 { return 0 }
        if d <= 0 { return 1 }
        let size = Double(n), t = size * d
        if t <= 1 {
            if t <= 0.5 { return 1 }
            return 1 - rubenGambinoCDF(n, t)
        }
        if t >= size - 1 { return 2 * pow(1 - d, size) }
        if d >= 0.5 { return 2 * smirnov(n, d) }
        let nd2 = t * d
        if n <= 140 {
            if nd2 <= 0.754693 { return max(1 - durbinCDF(n, d), 0) }
            if nd2 <= 4 { return max(1 - pomeranzCDF(n, d), 0) }
            return 2 * smirnov(n, d)
        }
        if nd2 >= 370 { return 0 }
        if nd2 >= 2.2 { return min(2 * smirnov(n, d), 1) }
        if n <= 100_000, size * pow(d, 1.5) <= 1.4 { return max(1 - durbinCDF(n, d), 0) }
        return 1 - pelzGoodCDF(n, d)
    }

    /// P(D_n ≤ d) = n!/n^n (2t − 1)^n for ½ < t = nd ≤ 1.
    private static func rubenGambinoCDF(_ n: Int, _ t: Double) -> Double {
        if n <= 140 {
            return (1...n).reduce(1.0) { $0 * (Double($1) * (1 / Double(n)) * (2 * t - 1)) }
        }
        let size = Double(n)
        // log(n!/n^n) by Stirling, without forming the large cancelling terms.
        let logRatio = 0.5 * log(2 * Double.pi * size) - size + SpecialFunctions.stirlingRemainder(size)
        return exp(logRatio + size * log(2 * t - 1))
    }

    /// The one-sided Smirnov upper tail P(D⁺_n ≥ d), by the Birnbaum–Tingey sum.
    ///
    /// d Σ_j C(n, j) (d + j/n)^(j−1) (1 − d − j/n)^(n−j); every term is positive
    /// and each is a binomial probability divided by (d + j/n), which the beta
    /// power term evaluates without cancellation even for n in the thousands.
    static func smirnov(_ n: Int, _ d: Double) -> Double {
        let size = Double(n)
        let last = Int((size * (1 - d)).rounded(.down))
        var sum = 0.0
        for j in 0...max(last, 0) {
            let p = d + Double(j) / size
            let q = Double(n - j) / size - d
            guard q > 0 else { continue }
            sum += binomialProbability(j, n, p: p, q: q) / p
        }
        return d * sum
    }

    /// C(n, k) p^k q^(n−k) with q = 1 − p supplied separately.
    private static func binomialProbability(_ k: Int, _ n: Int, p: Double, q: Double) -> Double {
        if k == 0 { return pow(q, Double(n)) }
        if k == n { return pow(p, Double(n)) }
        let (a, b) = (Double(k), Double(n - k))
        return SpecialFunctions.betaPowerTerm(x: p, y: q, a, b) * (a + b) / (a * b)
    }

    /// The Pelz–Good asymptotic expansion of P(D_n ≤ d) to order n^(−3/2).
    private static func pelzGoodCDF(_ n: Int, _ d: Double) -> Double {
        let z = Double(n).squareRoot() * d
        let z2 = z * z, z4 = z2 * z2, z6 = z4 * z2
        let pi2 = Double.pi * Double.pi, pi4 = pi2 * pi2, pi6 = pi4 * pi2
        let logQ = -pi2 / 8 / z2
        if logQ < -708 { return 0 }
        let q = exp(logQ)
        let maxK = Int((16 * z / Double.pi).rounded(.up))
        // Horner in q^(8k) over odd m = 2k − 1, since q^(m²) steps by q^(8k).
        var terms = [0.0, 0.0, 0.0, 0.0]
        for k in stride(from: maxK, through: 1, by: -1) {
            let m2 = Double((2 * k - 1) * (2 * k - 1)), m4 = m2 * m2, m6 = m4 * m2
            let step = pow(q, Double(8 * k))
            let coefficients = [
                1,
                -z2 + pi2 / 4 * m2,
                6 * z6 + 2 * z4 + (2 * z4 - 5 * z2) * pi2 / 4 * m2 + pi4 * (1 - 2 * z2) / 16 * m4,
                -30 * z6 - 90 * z4 * z4 + pi2 * (135 * z4 - 96 * z6) / 4 * m2
                    + pi4 * (212 * z4 - 60 * z2) / 16 * m4 + pi6 * (5 - 30 * z2) / 64 * m6,
            ]
            for i in 0..<4 { terms[i] = terms[i] * step + coefficients[i] }
        }
        let rootTwoPi = (2 * Double.pi).squareRoot()
        let scales = [z, 6 * z4, 72 * z6 * z, 6480 * z6 * z4]
        for i in 0..<4 { terms[i] *= q * rootTwoPi / scales[i] }
        // The remaining sums over all integers k, which have no cancellation.
        let q2 = exp(-pi2 / 2 / z2)
        var extra2 = 0.0, extra3 = 0.0
        for k in stride(from: maxK, through: 1, by: -1) {
            let kk = Double(k * k), weight = kk * pow(q2, kk)
            let kpi = Double.pi * Double(k), root3z = 3.0.squareRoot() * z
            extra2 += weight
            extra3 += (root3z + kpi) * (root3z - kpi) * weight
        }
        terms[2] += extra2 * pi2 * rootTwoPi / (-36 * z2 * z)
        terms[3] += extra3 * pi2 * rootTwoPi / (216 * z6)
        let size = Double(n)
        return terms[0] + terms[1] / size.squareRoot() + terms[2] / size + terms[3] / (size * size.squareRoot())
    }
}
