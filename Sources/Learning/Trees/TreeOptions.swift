import Foundation

/// Growth limits shared by `tree`, `tree_regression` and `forest`, validated
/// before fitting.
struct TreeOptions: Sendable, Equatable {
    static let names = ["max_depth", "min_samples_split", "min_samples_leaf"]

    let criterion: SplitCriterion
    /// nil: grow until leaves are pure or too small to split.
    let maxDepth: Int?
    /// A node with fewer rows is a leaf (default 2).
    let minSamplesSplit: Int
    /// A split leaving fewer rows on one side is not considered (default 1).
    let minSamplesLeaf: Int

    /// Reads the limits and, for classifiers, `criterion` ("gini" or "entropy").
    init(_ hyperparameters: Hyperparameters, classification: Bool) throws {
        if classification {
            let name = try hyperparameters.choice("criterion", default: "gini", among: SplitCriterion.classification)
            criterion = SplitCriterion(rawValue: name)!
        } else {
            criterion = .squaredError
        }
        maxDepth = try hyperparameters.count("max_depth", default: nil, atLeast: 1)
        minSamplesSplit = try hyperparameters.count("min_samples_split", default: 2, atLeast: 2)
        minSamplesLeaf = try hyperparameters.count("min_samples_leaf", default: 1, atLeast: 1)
    }
}
