import Numerics

/// The values a supervised model learns to predict.
public enum Target: Sendable, Equatable {
    /// Numbers, for regression.
    case numeric(Vector)
    /// Class indices into `labels` (sorted), for classification.
    case classes(codes: [Int], labels: [String])

    /// Number of rows.
    public var count: Int {
        switch self {
        case .numeric(let v): return v.count
        case .classes(let codes, _): return codes.count
        }
    }

    /// The target as class codes, for estimators that need classes.
    /// - Throws: `LearningError` for a numeric target.
    public func classCodes(for estimator: String) throws -> (codes: [Int], labels: [String]) {
        guard case .classes(let codes, let labels) = self else {
            throw LearningError("\(estimator) is a classifier and needs a categorical target; this target is numeric")
        }
        return (codes, labels)
    }

    /// The target as numbers, for regressors.
    /// - Throws: `LearningError` for a categorical target.
    public func numbers(for estimator: String) throws -> Vector {
        guard case .numeric(let v) = self else {
            throw LearningError("\(estimator) is a regressor and needs a numeric target; this target is categorical")
        }
        return v
    }
}
