import Foundation

/// scikit-learn's MLPClassifier held-out accuracies, from References/mlp.json
/// (made by References/make_mlp_references.py with scikit-learn 1.9.1).
struct MLPReferences: Decodable {
    struct Accuracy: Decodable {
        let seed0: Double
        let min: Double
        let max: Double
        let mean: Double
    }
    struct Classification: Decodable {
        /// The pinned split, in scikit-learn's order.
        let train: [Int]
        let test: [Int]
        /// Over random_states 0…9.
        let accuracy: Accuracy
    }
    let sklearn_version: String
    let hidden: Int
    let classification: [String: Classification]

    static let shared: MLPReferences = try! JSONDecoder().decode(
        MLPReferences.self,
        from: Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References/mlp.json")))
}
