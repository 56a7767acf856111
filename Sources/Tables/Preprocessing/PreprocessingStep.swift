/// An unfitted preprocessing step: a specification whose parameters are learnt by `fit(on:)`.
///
/// Fitting returns a distinct type (`FittedStep`) so that a step cannot be applied before it has
/// seen data, and so that the learnt parameters are plain, serialisable data that apply unchanged
/// to every later table (the scikit-learn `fit` / `transform` split).
public protocol PreprocessingStep: Sendable {
    /// The step's name in messages, e.g. `standardize`.
    var stepName: String { get }

    /// The columns the step names; empty when it applies to every column it can.
    var namedColumns: [String] { get }

    /// Learns the step's parameters from `table`.
    /// - Throws: `DataError.unknownColumn` for a column the table lacks, `DataError.typeMismatch`
    ///   for a column of the wrong type, `DataError.invalidArgument` for unusable options or data.
    func fit(on table: Table) throws -> FittedStep
}
