import Tables

/// A table produced by `preprocess`, with the fitted steps that made it: a
/// model trained on it carries them and applies them to raw rows.
public struct PreprocessedTable: Sendable, Equatable {
    public let table: Table
    public let fitted: FittedPreprocessor
}
