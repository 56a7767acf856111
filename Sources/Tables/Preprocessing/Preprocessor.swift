/// An ordered list of unfitted steps, fitted as a whole into a `FittedPreprocessor`.
///
/// Each step is fitted on the output of the steps before it (a median filled in by step one is
/// what step two's standardisation sees), exactly as the fitted chain will later apply them.
/// Fit on the training rows only: split first, then fit, so that the test rows stay unseen;
/// `FittedPreprocessor.leakage(in:)` reports when that was not done.
public struct Preprocessor: Sendable {
    /// The steps, in application order.
    public var steps: [any PreprocessingStep]

    /// A preprocessor running `steps` in order.
    public init(_ steps: [any PreprocessingStep]) { self.steps = steps }

    /// Fits every step in turn on `table` and the previous steps' output.
    /// - Throws: the first step's error, prefixed by nothing: step errors already name the step.
    public func fit(on table: Table) throws -> FittedPreprocessor {
        try fitAndApply(on: table).fitted
    }

    /// Fits as `fit(on:)` and also returns `table` transformed, which fitting computes anyway.
    public func fitAndApply(on table: Table) throws -> (fitted: FittedPreprocessor, table: Table) {
        var current = table
        var fitted = [FittedStep]()
        for step in steps {
            let step = try step.fit(on: current)
            current = try step.apply(to: current)
            fitted.append(step)
        }
        return (FittedPreprocessor(steps: fitted, fittedRows: RowKeySet(table.rowKeys)), current)
    }
}
