/// A fitted preprocessing step: parameters learnt once, applied unchanged to any table.
public protocol FittedTransform: Codable, Sendable, Equatable {
    /// The step's name in messages and in the serialised form, e.g. `standardize`.
    static var stepName: String { get }

    /// The columns the step reads.
    var inputColumns: [String] { get }

    /// The table transformed with the fitted parameters; recoverable oddities (such as
    /// categories unseen at fit time) are appended to `warnings` instead of being printed.
    /// - Throws: `DataError` when a fitted column is absent or has an unusable type or value.
    func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table

    /// Throws unless the parameters agree with each other as `fit` leaves them. A model document
    /// edited by hand or written by another tool is refused when it is read, rather than crashing
    /// or answering nonsense when rows go through the step.
    /// - Throws: `DataError.invalidValue` naming the parameter as the document spells it.
    func checkConsistency() throws
}

extension FittedTransform {
    /// The table transformed with the fitted parameters, discarding warnings.
    public func apply(to table: Table) throws -> Table {
        var ignored = [PreprocessingWarning]()
        return try apply(to: table, warnings: &ignored)
    }
}
