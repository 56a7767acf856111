/// Drops the rows that have a missing value in any of the given columns.
///
/// Unlike the other steps this changes the row count, and it does so at apply time on every
/// table (training and test alike); nothing is learnt except which columns to check. Row keys
/// of the kept rows are unchanged, so provenance survives.
public struct DropMissing: PreprocessingStep, Equatable {
    /// The columns checked; nil means every column of the fitting table.
    public var columns: [String]?

    /// Drops rows missing a value in `columns` (nil: in any column).
    public init(_ columns: [String]? = nil) { self.columns = columns }

    /// `drop_missing`.
    public var stepName: String { Fitted.stepName }

    /// Records which columns to check (all of the table's, when none were named).
    public func fit(on table: Table) throws -> FittedStep {
        let names = try StepColumns.resolve(columns, in: table, step: stepName, needs: "any column") { _ in true }
        return .dropMissing(Fitted(columns: names))
    }
}

extension DropMissing {
    /// Row removal over a fixed list of columns.
    public struct Fitted: FittedTransform {
        /// `drop_missing`.
        public static let stepName = "drop_missing"
        /// The columns checked.
        public let columns: [String]
        /// Columns checked only in tables that have them: a model's target, whose rows
        /// with no value are left out of training and testing, is absent from rows to predict.
        public var columnsIfPresent: [String]?

        /// Each column once.
        public func checkConsistency() throws {
            try ParameterCheck.distinct("columns", columns, "a column is checked once")
        }

        /// The rows with a value in every checked column, in their original order.
        public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
            var drop = MissingMask()
            for name in columns {
                for row in try StepColumns.appliedColumn(name, in: table, step: Self.stepName).missing.rows { drop.insert(row) }
            }
            for name in columnsIfPresent ?? [] {
                for row in (table.columns.first { $0.name == name })?.missing.rows ?? [] { drop.insert(row) }
            }
            guard !drop.isEmpty else { return table }
            return try table.selectingRows((0..<table.rowCount).filter { !drop.contains($0) })
        }
    }
}
