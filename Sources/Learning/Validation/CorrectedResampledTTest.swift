import Numerics

/// Nadeau and Bengio's corrected resampled t-test: is model B better than A
/// on the same cross-validation folds?
///
/// Fold scores share training rows, so the plain paired t-test overstates
/// confidence; the correction inflates the variance of the mean difference
/// from σ²/J to (1/J + n_test/n_train)·σ² (Nadeau & Bengio, "Inference for the
/// Generalization Error", Machine Learning 52, 2003). The p-value is two-sided
/// with J − 1 degrees of freedom. Fold differences that are all equal give ±∞ and
/// p = 0, or NaN for both when they are all 0, as `TTest` and scipy do.
public enum CorrectedResampledTTest {
    public struct Result: Sendable, Equatable {
        /// Mean of (B − A) over the folds.
        public let meanDifference: Double
        public let statistic: Double
        public let pValue: Double
        public let degreesOfFreedom: Double
    }

    /// Compares metric `name` of `b` against `a`.
    /// - Throws: `LearningError` when the results used different folds, lack the metric, or have fewer than two folds.
    public static func compare(_ a: CrossValidation.Result, _ b: CrossValidation.Result, metric name: String) throws -> Result {
        guard a.foldRows == b.foldRows else {
            throw LearningError("the two cross-validations used different folds; run both in the same run with the same k (folds derive from the seed)")
        }
        guard let x = a.values(of: name), let y = b.values(of: name) else {
            throw LearningError("no metric '\(name)'; available: \(a.scores.map(\.name).joined(separator: ", "))")
        }
        let j = x.count
        guard j >= 2 else { throw LearningError("the comparison needs at least two folds") }
        let d = zip(y, x).map { $0 - $1 }
        let mean = d.reduce(0, +) / Double(j)
        let variance = d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(j - 1)
        let ratio = Double(a.testSizes.reduce(0, +)) / Double(a.trainSizes.reduce(0, +))
        let standardError = ((1 / Double(j) + ratio) * variance).squareRoot()
        let df = Double(j - 1)
        guard standardError > 0 else {
            let statistic = mean == 0 ? Double.nan : mean.sign == .minus ? -.infinity : .infinity
            return Result(meanDifference: mean, statistic: statistic, pValue: mean == 0 ? .nan : 0, degreesOfFreedom: df)
        }
        let t = mean / standardError
        return Result(meanDifference: mean, statistic: t, pValue: 2 * (try StudentT(degreesOfFreedom: df).survival(abs(t))), degreesOfFreedom: df)
    }
}
