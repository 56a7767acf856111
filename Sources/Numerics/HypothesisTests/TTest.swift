import Foundation

/// Student t tests on the mean of one sample, two samples, or paired samples.
///
/// Results match `scipy.stats.ttest_1samp`, `ttest_ind` and `ttest_rel` to
/// about 1e-12, with these documented contracts:
/// - Empty samples throw `NumericsError.empty`; samples too short to estimate a
///   variance throw `NumericsError.invalidArgument`.
/// - NaN anywhere in the data propagates: statistic, p-value, degrees of freedom,
///   estimate and standard error are all NaN (scipy's `nan_policy='propagate'`).
/// - Zero variance is not an error. As in scipy, a non-zero estimate gives a
///   statistic of ±∞ and p-value 0 (two-sided or in the matching direction),
///   and a zero estimate gives 0/0 = NaN for both.
public enum TTest {
    /// How the two-sample test treats the two population variances.
    public enum Variance: Sendable, Equatable {
        /// Welch's test: variances may differ; Welch–Satterthwaite degrees of freedom.
        case unequal
        /// Student's pooled test: variances assumed equal; n1 + n2 − 2 degrees of freedom.
        case equal
    }

    /// Tests whether the mean of `sample` equals `mean`.
    /// - Throws: `NumericsError.empty` for an empty sample and
    ///   `NumericsError.invalidArgument` for a single observation.
    public static func oneSample(
        _ sample: Vector, mean: Double = 0, alternative: Alternative = .twoSided
    ) throws -> TTestResult {
        let summary = try Summary(sample, operation: "one-sample t test", minimumCount: 2)
        let standardError = (summary.variance / Double(summary.count)).squareRoot()
        return try result(estimate: summary.mean - mean, standardError: standardError,
                          degreesOfFreedom: Double(summary.count - 1), alternative: alternative,
                          hasNaN: summary.hasNaN)
    }

    /// Tests whether the means of two independent samples differ by `difference`
    /// (mean of `first` − mean of `second`; 0 tests equal means, as R's `mu`).
    ///
    /// Welch's unequal-variance test is the default here, unlike scipy's
    /// `ttest_ind` whose default is `equal_var=True`; pass `.equal` to get Student's test.
    /// As in scipy, Welch degrees of freedom that come out 0/0 (both samples
    /// constant) are reported as 1; they cannot affect the p-value then.
    /// - Throws: `NumericsError.empty` if a sample is empty; `invalidArgument`
    ///   if a sample has one observation (Welch) or n1 + n2 < 3 (pooled).
    public static func twoSample(
        _ first: Vector, _ second: Vector, difference: Double = 0, variance: Variance = .unequal,
        alternative: Alternative = .twoSided
    ) throws -> TTestResult {
        let operation = "two-sample t test"
        let minimum = variance == .unequal ? 2 : 1
        let a = try Summary(first, operation: operation, minimumCount: minimum)
        let b = try Summary(second, operation: operation, minimumCount: minimum)
        let (n1, n2) = (Double(a.count), Double(b.count))
        let standardError: Double, degreesOfFreedom: Double
        switch variance {
        case .unequal:
            let (v1, v2) = (a.variance / n1, b.variance / n2)
            standardError = (v1 + v2).squareRoot()
            let welch = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
            degreesOfFreedom = welch.isNaN ? 1 : welch
        case .equal:
            degreesOfFreedom = n1 + n2 - 2
            guard degreesOfFreedom > 0 else {
                throw NumericsError.invalidArgument(operation: operation, detail: "needs at least 3 observations in total")
            }
            let pooled = (a.sumOfSquares + b.sumOfSquares) / degreesOfFreedom
            standardError = (pooled * (1 / n1 + 1 / n2)).squareRoot()
        }
        return try result(estimate: a.mean - b.mean - difference, standardError: standardError,
                          degreesOfFreedom: degreesOfFreedom, alternative: alternative,
                          hasNaN: a.hasNaN || b.hasNaN)
    }

    /// Tests whether the mean of the differences `first[i] − second[i]` is `difference`.
    /// - Throws: `NumericsError.invalidArgument` if the lengths differ or there is
    ///   only one pair; `NumericsError.empty` if there are no pairs.
    public static func paired(
        _ first: Vector, _ second: Vector, difference: Double = 0, alternative: Alternative = .twoSided
    ) throws -> TTestResult {
        guard first.count == second.count else {
            throw NumericsError.invalidArgument(
                operation: "paired t test", detail: "samples have \(first.count) and \(second.count) observations")
        }
        let differences = Vector(zip(first, second).map { $0 - $1 })
        return try oneSample(differences, mean: difference, alternative: alternative)
    }

    private static func result(
        estimate: Double, standardError: Double, degreesOfFreedom: Double, alternative: Alternative, hasNaN: Bool
    ) throws -> TTestResult {
        if hasNaN {
            return TTestResult(statistic: .nan, pValue: .nan, degreesOfFreedom: .nan, estimate: .nan,
                               standardError: .nan, alternative: alternative)
        }
        let statistic = estimate / standardError
        let pValue = alternative.pValue(statistic, under: try StudentT(degreesOfFreedom: degreesOfFreedom))
        return TTestResult(statistic: statistic, pValue: pValue, degreesOfFreedom: degreesOfFreedom,
                           estimate: estimate, standardError: standardError, alternative: alternative)
    }
}

/// Count, mean and centred sum of squares of a sample.
private struct Summary {
    let count: Int
    let mean: Double
    /// Σ(x − mean)².
    let sumOfSquares: Double
    let hasNaN: Bool

    /// The unbiased variance; 0 for a single observation, which only the
    /// pooled test admits and where it contributes no squares.
    var variance: Double { count > 1 ? sumOfSquares / Double(count - 1) : 0 }

    init(_ sample: Vector, operation: String, minimumCount: Int) throws {
        guard !sample.isEmpty else { throw NumericsError.empty(operation: operation) }
        guard sample.count >= minimumCount else {
            throw NumericsError.invalidArgument(
                operation: operation, detail: "needs at least \(minimumCount) observations, got \(sample.count)")
        }
        let n = Double(sample.count)
        let rough = sample.reduce(0, +) / n
        // One correction pass makes the mean of constant data exact, so zero
        // variance really is zero and the statistic becomes ±∞ or NaN as in scipy.
        let mean = rough + sample.reduce(0) { $0 + ($1 - rough) } / n
        count = sample.count
        self.mean = mean
        sumOfSquares = sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        hasNaN = sample.contains { $0.isNaN }
    }
}
