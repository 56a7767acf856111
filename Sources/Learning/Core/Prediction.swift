import Numerics

/// What a fitted model says about a batch of rows.
public enum Prediction: Sendable, Equatable {
    /// One number per row.
    case values(Vector)
    /// One class index per row into the model's labels, with an n×k matrix of
    /// class probabilities (columns in label order).
    case classes(codes: [Int], probabilities: Matrix)
    /// One cluster index per row.
    case clusters([Int])
}
