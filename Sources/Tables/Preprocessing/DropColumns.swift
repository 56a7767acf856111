/// Removes the named columns.
public struct DropColumns: PreprocessingStep, Equatable {
    /// The columns removed.
    public var columns: [String]

    /// Removes `columns`.
    public init(_ columns: [String]) { self.columns = columns }

    /// `drop`.
    public var stepName: String { Fitted.stepName }

    /// Checks that every named column exists.
    public func fit(on table: Table) throws -> FittedStep {
        for name in columns { _ = try StepColumns.fitColumn(name, in: table, step: stepName) }
        return .drop(Fitted(columns: columns))
    }
}

extension DropColumns {
    /// Column removal over a fixed list.
    public struct Fitted: FittedTransform {
        /// `drop`.
        public static let stepName = "drop"
        /// The columns removed.
        public let columns: [String]

        /// Each column once.
        public func checkConsistency() throws {
            try ParameterCheck.distinct("columns", columns, "a column is dropped once")
        }

        /// The table without the removed columns. A column that is already absent is fine:
        /// rows to predict usually lack the target or identifier columns that were dropped.
        public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
            let present = Set(columns).filter { table.hasColumn($0) }
            return try StepColumns.replacing(Dictionary(uniqueKeysWithValues: present.map { ($0, []) }), in: table)
        }
    }
}
