import Numerics

/// The hyper-parameters `mlp` and `mlp_regression` share, with scikit-learn's
/// defaults for its `MLPClassifier`/`MLPRegressor` with `solver="adam"`.
struct PerceptronOptions: Sendable, Equatable {
    static let names = [
        "hidden", "learning_rate", "epochs", "max_iter", "batch_size", "alpha", "tol", "n_iter_no_change",
        "beta_1", "beta_2", "epsilon",
    ]

    /// Hidden layer sizes, input side first (default [100]).
    let hidden: [Int]
    /// Adam's step size (default 0.001).
    let learningRate: Double
    /// Most passes over the data (default 200); `epochs` and `max_iter` are synonyms.
    let maxEpochs: Int
    /// Rows per mini-batch; nil means min(200, n). Larger values are clipped to n, as scikit-learn.
    let batchSize: Int?
    /// L2 penalty strength on the weights, not the biases (default 1e-4).
    let alpha: Double
    /// Improvement of the epoch loss that counts as progress (default 1e-4).
    let tolerance: Double
    /// Training stops after more than this many epochs without progress (default 10).
    let patience: Int
    /// Adam's decay rates for the first and second moments (0.9, 0.999) and its
    /// denominator guard (1e-8).
    let beta1: Double
    let beta2: Double
    let epsilon: Double

    init(_ hyperparameters: Hyperparameters) throws {
        hidden = try HiddenLayerSizes.read(hyperparameters)
        learningRate = try hyperparameters.number("learning_rate", default: 0.001, .positive)
        maxEpochs = try Self.epochs(hyperparameters)
        batchSize = try hyperparameters.count("batch_size", default: nil, atLeast: 1)
        alpha = try hyperparameters.number("alpha", default: 1e-4, .nonNegative)
        tolerance = try hyperparameters.number("tol", default: 1e-4, .nonNegative)
        patience = try hyperparameters.count("n_iter_no_change", default: 10, atLeast: 1)
        beta1 = try Self.decayRate("beta_1", default: 0.9, hyperparameters)
        beta2 = try Self.decayRate("beta_2", default: 0.999, hyperparameters)
        epsilon = try hyperparameters.number("epsilon", default: 1e-8, .positive)
    }

    /// `epochs` or its scikit-learn name `max_iter`; giving both is ambiguous.
    private static func epochs(_ hyperparameters: Hyperparameters) throws -> Int {
        let epochs = try hyperparameters.count("epochs", default: nil, atLeast: 1)
        let maxIter = try hyperparameters.count("max_iter", default: nil, atLeast: 1)
        if epochs != nil, maxIter != nil { throw LearningError("give epochs or max_iter, not both (they mean the same)") }
        return epochs ?? maxIter ?? 200
    }

    /// A moment decay rate in [0, 1), as scikit-learn requires: 1 would never
    /// forget the first gradient and make Adam's bias correction divide by 0.
    private static func decayRate(_ name: String, default fallback: Double, _ hyperparameters: Hyperparameters) throws -> Double {
        let x = try hyperparameters.number(name, default: fallback, .nonNegative)
        guard x < 1 else { throw LearningError("\(name) must be >= 0 and < 1, got \(formatNumber(x))") }
        return x
    }

    /// Rows per mini-batch for `n` training rows.
    func batchSize(rows n: Int) -> Int { Swift.min(batchSize ?? 200, n) }
}
