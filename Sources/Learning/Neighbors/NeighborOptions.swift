import Tables

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

    /// Checks a fitted model's stored training rows (row-major, one per entry of `outcomes`, the
    /// codes or targets): `featureCount` is the document's, the rows fill `featureCount` columns,
    /// and `k` is between 1 and their number.
    static func checkStored(
        k: Int, featureCount: Int, trainingRows: [Double], outcomes: (name: String, count: Int), documentFeatures: Int
    ) throws {
        try ParameterCheck.value("featureCount", featureCount, is: documentFeatures, "the features the document lists")
        let rows = outcomes.count
        try ParameterCheck.nonEmpty(outcomes.name, rows)
        try ParameterCheck.flatCount(
            "trainingRows", trainingRows.count, rows: rows, columns: featureCount, "the training rows by the features")
        try ParameterCheck.within("k", k, 1...rows, "neighbours among the training rows")
    }
}
