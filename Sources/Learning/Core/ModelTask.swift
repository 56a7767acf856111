/// What a model predicts.
public enum ModelTask: String, Codable, Sendable {
    /// A number per row.
    case regression
    /// A class label per row, with class probabilities.
    case classification
    /// A cluster index per row.
    case clustering
    /// New coordinates for each row (PCA); unsupervised, and it does not predict.
    case transformation

    /// Whether fitting needs a target column.
    public var isSupervised: Bool { self == .regression || self == .classification }
}
