import Numerics

/// Features and target ready for an estimator: an n×p matrix without missing
/// values, the feature names, and the target (absent for clustering).
public struct TrainingData: Sendable {
    public let features: Matrix
    public let featureNames: [String]
    public let target: Target?
    /// Lets the person running a long fit stop it.
    public var interruption = Interruption.never

    /// - Throws: `LearningError` for no rows, a row-count mismatch or non-finite features.
    public init(features: Matrix, featureNames: [String], target: Target?) throws {
        guard features.rows > 0 else { throw LearningError("there are no rows to train on") }
        guard features.columns > 0 else { throw LearningError("there are no feature columns to train on") }
        guard featureNames.count == features.columns else {
            throw LearningError("\(featureNames.count) feature names for \(features.columns) feature columns")
        }
        if let target, target.count != features.rows {
            throw LearningError("the target has \(target.count) rows, the features \(features.rows)")
        }
        if let bad = features.storage.firstIndex(where: { !$0.isFinite }) {
            let column = bad / features.rows, row = bad % features.rows
            throw LearningError("feature '\(featureNames[column])' is not a finite number in row \(row + 1); fill or drop missing values first")
        }
        self.features = features
        self.featureNames = featureNames
        self.target = target
    }
}
