/// The outcome of a chi-square test of independence.
public struct ChiSquareTestResult: Sendable, Equatable {
    /// Pearson's statistic Σ (observed − expected)² / expected, after any Yates correction.
    public let statistic: Double
    /// The upper-tail probability of `statistic` under χ²(degreesOfFreedom).
    public let pValue: Double
    /// (rows − 1)(columns − 1) for a table without empty dimensions.
    public let degreesOfFreedom: Int
    /// Expected counts under independence: row total × column total / grand total.
    public let expected: Matrix
    /// Whether Yates' continuity correction was applied.
    public let correctionApplied: Bool
}
