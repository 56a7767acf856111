/// Replaces each named column by one 0/1 number column per category, named `column=category`
/// (`species=setosa`), as scikit-learn's `OneHotEncoder`.
///
/// Categories are the distinct present values at fit time, sorted (numerically for numeric
/// columns, by string otherwise). The new columns take the original column's place.
/// - Unseen categories: `.ignore` (the default, scikit-learn's `handle_unknown='ignore'`) encodes
///   the row as all zeros and reports a `PreprocessingWarning` with the row count; `.error` throws.
/// - Missing values: `.allZeros` (the default) encodes them as all zeros; `.indicator` adds a
///   column `column=NA` after the category columns, always present so the schema never depends
///   on whether a table happens to have missing values.
public struct OneHotEncode: PreprocessingStep, Equatable {
    /// What to do with a category not seen at fit time.
    public enum UnknownPolicy: String, Codable, Sendable, Equatable {
        /// All zeros, counted in a warning.
        case ignore
        /// A `DataError.invalidValue`.
        case error
    }

    /// How missing values are encoded.
    public enum MissingPolicy: String, Codable, Sendable, Equatable {
        /// All zeros.
        case allZeros
        /// A 1 in an extra `column=NA` column.
        case indicator
    }

    /// The columns encoded; nil means every categorical and text column of the fitting table.
    public var columns: [String]?
    /// What to do with unseen categories.
    public var unknown: UnknownPolicy
    /// How missing values are encoded.
    public var missing: MissingPolicy

    /// One-hot encodes `columns` (nil: every categorical and text column).
    public init(_ columns: [String]? = nil, unknown: UnknownPolicy = .ignore, missing: MissingPolicy = .allZeros) {
        self.columns = columns
        self.unknown = unknown
        self.missing = missing
    }

    /// `one_hot`.
    public var stepName: String { Fitted.stepName }

    /// Learns each column's sorted categories. Numeric columns may be named explicitly.
    public func fit(on table: Table) throws -> FittedStep {
        let names = try columns ?? StepColumns.resolve(nil, in: table, step: stepName, needs: "", accepts: { !$0.isNumeric })
        let encoded = try names.map { name in
            let column = try StepColumns.fitColumn(name, in: table, step: stepName)
            return Fitted.Column(name: name, categories: StepColumns.sortedCategories(of: column))
        }
        return .oneHot(Fitted(columns: encoded, unknown: unknown, missing: missing))
    }
}

extension OneHotEncode {
    /// One-hot encoding with fitted categories.
    public struct Fitted: FittedTransform {
        /// One column's categories.
        public struct Column: Codable, Sendable, Equatable {
            /// The column's name.
            public let name: String
            /// Its categories, in output order.
            public let categories: [String]
        }

        /// `one_hot`.
        public static let stepName = "one_hot"
        /// The fitted columns.
        public let columns: [Column]
        /// What to do with unseen categories.
        public let unknown: UnknownPolicy
        /// How missing values are encoded.
        public let missing: MissingPolicy

        /// Each column once, each of its categories once; see `checkCategories(_:)`.
        public func checkConsistency() throws {
            try Self.checkCategories(columns)
        }

        /// Each column once and each of its categories once: a category listed twice would name
        /// two outputs alike (or two codes), which no table can hold.
        static func checkCategories(_ columns: [Column]) throws {
            try ParameterCheck.distinct("columns", columns.map(\.name), field: "name", "a column is encoded once")
            for (index, column) in columns.enumerated() {
                try ParameterCheck.distinct("columns[\(index)].categories", column.categories, "a category has one code")
            }
        }

        /// The names of the columns that replace `column`, in order.
        public func outputNames(of column: Column) -> [String] {
            column.categories.map { "\(column.name)=\($0)" } + (missing == .indicator ? ["\(column.name)=NA"] : [])
        }

        /// Every fitted column replaced by its indicator columns.
        /// - Throws: `DataError.invalidValue` for an unseen category under `.error`.
        public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
            let indicators = columns.reduce(0) { $0 + outputNames(of: $1).count }
            try Table.requireFits(rows: table.rowCount, columns: table.columnCount - columns.count + indicators, Self.stepName)
            var replacements = [String: [Tables.Column]]()
            for fitted in columns {
                let column = try StepColumns.appliedColumn(fitted.name, in: table, step: Self.stepName)
                replacements[fitted.name] = try encode(column, as: fitted, warnings: &warnings)
            }
            return try StepColumns.replacing(replacements, in: table)
        }

        /// The indicator columns of one column.
        private func encode(_ column: Tables.Column, as fitted: Column, warnings: inout [PreprocessingWarning]) throws -> [Tables.Column] {
            let names = outputNames(of: fitted)
            let position = Dictionary(uniqueKeysWithValues: fitted.categories.enumerated().map { ($1, $0) })
            var indicators = [[Double]](repeating: [Double](repeating: 0, count: column.count), count: names.count)
            var unseen = [Int]()
            for (row, value) in column.strings().enumerated() {
                guard let value else {
                    if missing == .indicator { indicators[names.count - 1][row] = 1 }
                    continue
                }
                if let k = position[value] { indicators[k][row] = 1 } else { unseen.append(row) }
            }
            try report(unseen, in: column, warnings: &warnings)
            return try zip(names, indicators).map { try StepColumns.numberColumn($0, $1, missing: MissingMask()) }
        }

        /// Throws for unseen categories under `.error`, otherwise appends a warning counting them.
        private func report(_ rows: [Int], in column: Tables.Column, warnings: inout [PreprocessingWarning]) throws {
            guard let first = rows.first else { return }
            let example = column[first].description
            if unknown == .error {
                throw DataError(
                    .invalidValue, "\(Self.stepName): column '\(column.name)' row \(first + 1) has category '\(example)', not seen when fitting")
            }
            let message = "\(rows.count) row(s) of column '\(column.name)' had categories not seen when fitting (e.g. '\(example)'); encoded as all zeros"
            warnings.append(PreprocessingWarning(step: Self.stepName, column: column.name, rowCount: rows.count, message: message))
        }
    }
}
