/// The options `knn` and `knn_regression` share, validated before fitting.
struct NeighborOptions: Sendable, Equatable {
    static let names = ["k", "weights"]

    /// Neighbours consulted per prediction (default 5, as scikit-learn).
    let k: Int
    let weighting: NeighborWeighting

    init(_ hyperparameters: Hyperparameters) throws {
        k = try hyperparameters.count("k", default: 5, atLeast: 1)
        let name = try hyperparameters.choice("weights", default: "uniform", among: NeighborWeighting.allCases.map(\.rawValue))
        weighting = NeighborWeighting(rawValue: name)!
    }

    /// - Throws: `LearningError` when there are fewer training rows than `k`.
    func requireEnoughRows(_ rows: Int) throws {
        guard k <= rows else { throw LearningError("k (\(k)) must be <= the number of training rows (\(rows))") }
    }
}
