import Foundation
import Numerics
@testable import Learning
@testable import Tables

/// scikit-learn's results on the shipped datasets, from References/models.json
/// (made by References/make_model_references.py with scikit-learn 1.9.1).
struct ModelReferences: Decodable {
    struct Classification: Decodable {
        struct NaiveBayes: Decodable {
            let predictions: [Int]
            let probabilities: [[Double]]
        }
        /// The pinned split: training and test row indices, in scikit-learn's order.
        let train: [Int]
        let test: [Int]
        /// Test predictions keyed "k_weights", e.g. "5_uniform".
        let knn: [String: [Int]]
        let naive_bayes: NaiveBayes
        /// Held-out accuracy for random_state 0, and its range over several
        /// random_states (scikit-learn breaks split ties by a random feature order).
        struct Accuracy: Decodable {
            let seed0: Double
            let min: Double
            let max: Double
            let mean: Double
        }
        /// Tree accuracy keyed "criterion_maxdepth", e.g. "gini_None".
        let tree: [String: Accuracy]
        let forest: Accuracy
    }
    struct PCA: Decodable {
        let standardised: Bool
        let explained_variance: [Double]
        let explained_variance_ratio: [Double]
        let singular_values: [Double]
        let components: [[Double]]
    }
    struct KMeans: Decodable {
        let standardised: Bool
        let initial_rows: [Int]
        let inertia: Double
        let iterations: Int
        let labels: [Int]
        let centres: [[Double]]
    }
    let classification: [String: Classification]
    let pca: [String: PCA]
    let kmeans: [String: KMeans]

    static let shared: ModelReferences = try! JSONDecoder().decode(
        ModelReferences.self,
        from: Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References/models.json")))
}

/// A shipped dataset as features, class codes (labels sorted as scikit-learn's
/// `np.unique`) and names; the last column is the class.
struct Dataset {
    let features: Matrix
    let featureNames: [String]
    let codes: [Int]
    let labels: [String]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func load(_ name: String) throws -> Dataset {
        let table = try TableLoader.load(path: root.appendingPathComponent("datasets/\(name).csv").path).table
        let names = Array(table.columnNames.dropLast())
        let classes = try table.column(table.columnNames.last!).strings().map { $0! }
        let labels = Array(Set(classes)).sorted()
        return Dataset(
            features: try table.matrix(columns: names), featureNames: names,
            codes: classes.map { labels.firstIndex(of: $0)! }, labels: labels)
    }

    /// Training data on `rows`, in that order.
    func training(_ rows: [Int]) throws -> TrainingData {
        try TrainingData(features: features.selectingRows(rows), featureNames: featureNames, target: .classes(codes: rows.map { codes[$0] }, labels: labels))
    }

    /// Each column centred and divided by its population standard deviation, as
    /// scikit-learn's StandardScaler.
    var standardised: Matrix {
        var x = features
        for j in 0..<x.columns {
            let values = (0..<x.rows).map { x[$0, j] }
            let mean = values.reduce(0, +) / Double(x.rows)
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.rows)).squareRoot()
            for i in 0..<x.rows { x[i, j] = (x[i, j] - mean) / sd }
        }
        return x
    }
}

/// Fits the registered estimator `name` with `options`, as `train` would.
func fitModel(_ name: String, _ data: TrainingData, _ options: [String: Hyperparameters.Value] = [:], seed: UInt64 = 0) throws -> any FittedModel {
    let entry = try EstimatorRegistry.entry(named: name)
    let fit = try entry.prepare(Hyperparameters(options, estimator: name))
    var random = RandomGenerator(seed: seed)
    return try fit(data, &random)
}

/// The class codes of a classification prediction.
func predictedCodes(_ prediction: Prediction) -> [Int] {
    guard case .classes(let codes, _) = prediction else { return [] }
    return codes
}

/// The fraction of `predicted` equal to `truth`.
func accuracy(_ predicted: [Int], _ truth: [Int]) -> Double {
    Double(zip(predicted, truth).filter { $0 == $1 }.count) / Double(truth.count)
}

/// Encodes and decodes a fitted model through JSON.
func roundTrip<M: FittedModel & Equatable>(_ model: M) throws -> M {
    try JSONDecoder().decode(M.self, from: JSONEncoder().encode(model))
}
