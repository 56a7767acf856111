/// The alternative hypothesis of a test, relative to the null value.
public enum Alternative: Sendable, Equatable, CaseIterable {
    /// The parameter differs from the null value in either direction.
    case twoSided
    /// The parameter is less than the null value.
    case less
    /// The parameter is greater than the null value.
    case greater

    /// The p-value of `statistic` under a null distribution symmetric about zero.
    ///
    /// The two-sided value doubles the directly computed upper tail of
    /// |statistic| (as scipy does), so it stays accurate far below 1e-16.
    /// NaN in gives NaN out.
    func pValue(_ statistic: Double, under distribution: some ContinuousDistribution) -> Double {
        switch self {
        case .twoSided:
            // Not Swift.min: it would turn a NaN p-value into 1.
            let doubled = 2 * distribution.survival(abs(statistic))
            return doubled > 1 ? 1 : doubled
        case .less: return distribution.cdf(statistic)
        case .greater: return distribution.survival(statistic)
        }
    }
}
