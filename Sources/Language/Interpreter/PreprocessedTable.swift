import Tables

/// A table produced by `preprocess`, with the fitted steps that made it: a
/// model trained on it carries them and applies them to raw rows. It also
/// keeps the unfitted steps and the raw rows, so cross-validation can re-fit
/// the steps inside each fold.
public struct PreprocessedTable: Sendable, Equatable {
    public let table: Table
    public let fitted: FittedPreprocessor
    public let preprocessor: Preprocessor
    public let source: Table

    public static func == (lhs: PreprocessedTable, rhs: PreprocessedTable) -> Bool {
        lhs.table == rhs.table && lhs.fitted == rhs.fitted && lhs.source == rhs.source
    }
}
