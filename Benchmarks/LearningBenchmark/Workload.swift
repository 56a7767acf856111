import Numerics

/// One row of the table: the same model fitted by scikit-learn and by mlx
/// on the same generated data.
struct Workload: Sendable {
    /// Short name matched by `--filter`; also the worker's fit name.
    let name: String
    /// What the row measures, as printed.
    let title: String
    /// The scikit-learn call, as printed (the worker has the code).
    let sklearn: String
    /// The mlx call, as printed.
    let mlxCall: String
    /// What `score` returns, as printed: "accuracy", "R²", "inertia".
    let quality: String
    /// Whether a larger quality is better (accuracy, R²) or worse (inertia).
    let higherIsBetter: Bool
    /// How much worse than scikit-learn's the quality may be and still count
    /// as equal: rounding for R² and inertia, a few test rows for accuracy.
    let tolerance: Double
    /// Timed samples per side unless `--samples` says otherwise.
    let samples: Int
    /// The data sets by name (X, y, and Xt, yt or C where used).
    let data: @Sendable () -> [String: Matrix]
    /// The timed part: fit (and for k-NN, predict the test rows).
    let fit: @Sendable ([String: Matrix]) throws -> any Sendable
    /// The quality of what `fit` returned (untimed).
    let score: @Sendable (any Sendable, [String: Matrix]) throws -> Double

    /// Whether mlx's quality is at least scikit-learn's, within `tolerance`.
    func qualityHolds(mlx: Double, sklearn: Double) -> Bool {
        higherIsBetter ? mlx >= sklearn - tolerance : mlx <= sklearn + tolerance * abs(sklearn)
    }
}
