/// How a statistic treats NaN elements, which stand for missing values.
public enum MissingValues: Sendable, Equatable {
    /// Any NaN makes the result NaN, as numpy's `mean`, `var` and `quantile` do.
    case propagate
    /// NaN elements are left out, as numpy's `nanmean`, `nanvar` and `nanquantile` do.
    ///
    /// A statistic over data whose elements are all NaN sees empty input and throws
    /// `NumericsError.empty` where empty input throws.
    case skip
}
