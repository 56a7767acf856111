import Foundation

/// How a tree measures the impurity of a node.
public enum SplitCriterion: String, Codable, Sendable, CaseIterable {
    case gini
    case entropy
    /// Variance of the target, for regression.
    case squaredError = "squared_error"

    /// The classification criteria, as option values.
    static let classification = [SplitCriterion.gini, .entropy].map(\.rawValue)

    /// −(n · impurity) of a node with the given class counts (n = their sum);
    /// larger is purer. Splits maximise the sum over both children, which is
    /// scikit-learn's "proxy improvement".
    func score(counts: [Double], total: Double) -> Double {
        switch self {
        case .gini:
            return counts.reduce(0) { $0 + $1 * $1 } / total - total
        case .entropy:
            return counts.reduce(0) { $0 + ($1 > 0 ? $1 * log2($1 / total) : 0) }
        case .squaredError:
            preconditionFailure("squared error scores sums, not counts")
        }
    }
}
