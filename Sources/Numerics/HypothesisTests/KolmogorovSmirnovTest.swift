import Foundation

/// The two-sample Kolmogorov–Smirnov test (two-sided).
public enum KolmogorovSmirnovTest {
    /// How the p-value is computed, mirroring scipy's `method` argument.
    public enum Method: Sendable, Equatable {
        /// Exact when both samples have at most 10 000 observations, else asymptotic.
        case automatic
        /// The exact null distribution, by lattice-path counting.
        case exact
        /// The Kolmogorov distribution for the effective size n1·n2/(n1 + n2).
        case asymptotic
    }

    /// scipy's `MAX_AUTO_N`: the largest sample size `.automatic` treats exactly.
    static let maximumAutomaticExactSize = 10_000

    /// Tests whether two samples come from the same continuous distribution.
    ///
    /// Matches `scipy.stats.ks_2samp(first, second)` (alternative `'two-sided'`,
    /// method `'auto'` by default). As in scipy, an exact computation that fails
    /// (a probability outside [0, 1] from rounding, or lcm(n1, n2) beyond 2³¹)
    /// falls back to the asymptotic method, and the result's `method` says so.
    /// Ties are allowed; the statistic is evaluated at every observed value.
    /// NaN anywhere in the data gives a NaN statistic and p-value.
    ///
    /// - Throws: `NumericsError.empty` if either sample is empty.
    public static func twoSample(
        _ first: Vector, _ second: Vector, method: Method = .automatic
    ) throws -> KolmogorovSmirnovResult {
        guard !first.isEmpty, !second.isEmpty else {
            throw NumericsError.empty(operation: "Kolmogorov–Smirnov test")
        }
        let (n1, n2) = (first.count, second.count)
        var resolved = method
        if method == .automatic { resolved = max(n1, n2) <= maximumAutomaticExactSize ? .exact : .asymptotic }
        if first.contains(where: \.isNaN) || second.contains(where: \.isNaN) {
            return KolmogorovSmirnovResult(statistic: .nan, pValue: .nan, method: resolved)
        }
        var statistic = largestGap(first.sorted(), second.sorted())
        let g = greatestCommonDivisor(n1, n2)
        if resolved == .exact, n1 / g >= Int(Int32.max) / (n2 / g) { resolved = .asymptotic }
        if resolved == .exact {
            let exact = KolmogorovDistribution.exactTwoSample(n1, n2, gcd: g, statistic: statistic)
            statistic = exact.statistic
            if let p = exact.pValue {
                return KolmogorovSmirnovResult(statistic: statistic, pValue: p, method: .exact)
            }
        }
        let (m, n) = (Double(max(n1, n2)), Double(min(n1, n2)))
        let effectiveSize = Int((m * n / (m + n)).rounded(.toNearestOrEven))
        let p = KolmogorovDistribution.survival(effectiveSize, statistic)
        return KolmogorovSmirnovResult(statistic: statistic, pValue: min(max(p, 0), 1), method: .asymptotic)
    }

    /// max |F1 − F2| over all observations, with ECDF values formed as count/n like scipy.
    static func largestGap(_ a: [Double], _ b: [Double]) -> Double {
        let (n1, n2) = (Double(a.count), Double(b.count))
        var i = 0, j = 0, gap = 0.0
        while i < a.count || j < b.count {
            // Step past every copy of the next value in both samples before comparing.
            let value = min(i < a.count ? a[i] : .infinity, j < b.count ? b[j] : .infinity)
            while i < a.count, a[i] == value { i += 1 }
            while j < b.count, b[j] == value { j += 1 }
            gap = max(gap, abs(Double(i) / n1 - Double(j) / n2))
        }
        return gap
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        b == 0 ? a : greatestCommonDivisor(b, a % b)
    }
}
