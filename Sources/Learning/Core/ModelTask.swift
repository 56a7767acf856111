/// What a model predicts.
public enum ModelTask: String, Codable, Sendable {
    /// A number per row.
    case regression
    /// A class label per row, with class probabilities.
    case classification
    /// A cluster index per row.
    case clustering
}
