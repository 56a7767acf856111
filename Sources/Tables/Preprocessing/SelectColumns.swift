/// Keeps only the named columns, in the order given.
public struct SelectColumns: PreprocessingStep, Equatable {
    /// The columns kept.
    public var columns: [String]

    /// Keeps `columns`.
    public init(_ columns: [String]) { self.columns = columns }

    /// `select`.
    public var stepName: String { Fitted.stepName }

    /// Checks that every named column exists.
    public func fit(on table: Table) throws -> FittedStep {
        for name in columns { _ = try StepColumns.fitColumn(name, in: table, step: stepName) }
        return .select(Fitted(columns: columns))
    }
}

extension SelectColumns {
    /// Column selection over a fixed list.
    public struct Fitted: FittedTransform {
        /// `select`.
        public static let stepName = "select"
        /// The columns kept, in order.
        public let columns: [String]
        /// Columns kept, after those, in tables that have them: a model's target, which `test`
        /// reads from the prepared rows and rows to predict do not have.
        public var columnsIfPresent: [String]?

        /// Each column once, among `columns` and `columnsIfPresent` alike: the table kept cannot
        /// hold a column twice.
        public func checkConsistency() throws {
            try ParameterCheck.distinct("columns", columns + (columnsIfPresent ?? []), "a column is kept once")
        }

        /// The table with only the kept columns.
        public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
            var picked = try columns.map { try StepColumns.appliedColumn($0, in: table, step: Self.stepName) }
            picked += (columnsIfPresent ?? []).compactMap { name in table.columns.first { $0.name == name } }
            return try Table(columns: picked, rowKeys: table.rowKeys)
        }
    }
}
