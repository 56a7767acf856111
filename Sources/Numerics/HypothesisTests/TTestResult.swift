/// The outcome of a Student t test.
public struct TTestResult: Sendable, Equatable {
    /// The t statistic: estimate / standard error (±∞ or NaN when the standard error is 0).
    public let statistic: Double
    /// The p-value for `alternative`; NaN when the statistic is NaN.
    public let pValue: Double
    /// The degrees of freedom of the reference t distribution (Welch's may be fractional).
    public let degreesOfFreedom: Double
    /// The estimated effect: the sample mean minus the null mean (one-sample), the
    /// difference of means (two-sample), or the mean of the paired differences.
    public let estimate: Double
    /// The standard error of `estimate`.
    public let standardError: Double
    /// The alternative hypothesis the p-value refers to.
    public let alternative: Alternative
}
