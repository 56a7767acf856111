/// The folds of a cross-validation split, with any warnings about it as values (the library
/// never prints).
public struct FoldSet: Sendable, Equatable {
    /// The folds, fold 0 first.
    public let folds: [Fold]
    /// Recoverable problems, such as a class with fewer members than folds.
    public let warnings: [String]

    /// A fold set.
    public init(folds: [Fold], warnings: [String] = []) {
        self.folds = folds
        self.warnings = warnings
    }
}
