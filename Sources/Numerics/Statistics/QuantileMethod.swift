/// How a quantile is estimated between order statistics, following numpy's `method` names.
///
/// With n sorted values x₀ … xₙ₋₁ and probability q, each method picks a virtual index h and
/// returns x at h, interpolating linearly between x⌊h⌋ and x⌊h⌋₊₁ for the continuous methods.
/// Results match `numpy.quantile(…, method=…)`, including its interpolation formula
/// `a + (b − a)·t` (or `b − (b − a)·(1 − t)` when t ≥ 0.5).
public enum QuantileMethod: Sendable, Equatable, CaseIterable {
    /// h = (n − 1)·q: Hyndman and Fan type 7, R's and numpy's default.
    case linear
    /// x⌊(n−1)q⌋, no interpolation.
    case lower
    /// x⌈(n−1)q⌉, no interpolation.
    case higher
    /// The order statistic at (n − 1)·q rounded half to even, as `numpy.around` does.
    case nearest
    /// The mean of `lower` and `higher`.
    case midpoint
    /// h = n·q − 1 (α = 0, β = 1): Hyndman and Fan type 4.
    case interpolatedInvertedCDF
    /// h = n·q − 0.5 (α = β = ½): Hyndman and Fan type 5.
    case hazen
    /// h = (n + 1)·q − 1 (α = β = 0): Hyndman and Fan type 6.
    case weibull
    /// α = β = ⅓: Hyndman and Fan type 8, approximately median-unbiased.
    case medianUnbiased
    /// α = β = ⅜: Hyndman and Fan type 9, approximately unbiased for normal data.
    case normalUnbiased

    /// numpy's name for the method.
    public var numpyName: String {
        switch self {
        case .linear: return "linear"
        case .lower: return "lower"
        case .higher: return "higher"
        case .nearest: return "nearest"
        case .midpoint: return "midpoint"
        case .interpolatedInvertedCDF: return "interpolated_inverted_cdf"
        case .hazen: return "hazen"
        case .weibull: return "weibull"
        case .medianUnbiased: return "median_unbiased"
        case .normalUnbiased: return "normal_unbiased"
        }
    }

    /// Where quantile q of n values lies: the order statistics to blend and the blend weight.
    func position(n: Int, q: Double) -> (lower: Int, upper: Int, weight: Double) {
        let last = Double(n - 1)
        switch self {
        case .lower: return discrete((last * q).rounded(.down), n)
        case .higher: return discrete((last * q).rounded(.up), n)
        case .nearest: return discrete((last * q).rounded(.toNearestOrEven), n)
        case .midpoint:
            let h = last * q
            return continuous(0.5 * (h.rounded(.down) + h.rounded(.up)), n)
        case .linear: return continuous(last * q, n)
        case .interpolatedInvertedCDF: return continuous(plottingIndex(n, q, alpha: 0, beta: 1), n)
        case .hazen: return continuous(plottingIndex(n, q, alpha: 0.5, beta: 0.5), n)
        case .weibull: return continuous(plottingIndex(n, q, alpha: 0, beta: 0), n)
        case .medianUnbiased: return continuous(plottingIndex(n, q, alpha: 1 / 3.0, beta: 1 / 3.0), n)
        case .normalUnbiased: return continuous(plottingIndex(n, q, alpha: 3 / 8.0, beta: 3 / 8.0), n)
        }
    }

    /// numpy's `_compute_virtual_index`, evaluated in the same order so results agree bitwise.
    private func plottingIndex(_ n: Int, _ q: Double, alpha: Double, beta: Double) -> Double {
        Double(n) * q + (alpha + q * (1 - alpha - beta)) - 1
    }

    private func discrete(_ h: Double, _ n: Int) -> (lower: Int, upper: Int, weight: Double) {
        let index = Swift.min(Swift.max(Int(h), 0), n - 1)
        return (index, index, 0)
    }

    /// numpy's `_get_indexes` and gamma: indices clamp to the ends, where both neighbours are
    /// the same order statistic.
    private func continuous(_ h: Double, _ n: Int) -> (lower: Int, upper: Int, weight: Double) {
        if h >= Double(n - 1) { return (n - 1, n - 1, 0) }
        if h < 0 { return (0, 0, 0) }
        let below = h.rounded(.down)
        return (Int(below), Int(below) + 1, h - below)
    }
}
