/// Replaces each named column by an integer column of category codes 0, 1, … in sorted
/// category order, as scikit-learn's `OrdinalEncoder` (which outputs floats).
///
/// Categories are the distinct present values at fit time, sorted (numerically for numeric
/// columns, by string otherwise). Missing values stay missing. A category unseen at fit time is
/// an error by default (`.error`, scikit-learn's default) or becomes missing (`.missing`, like
/// `handle_unknown='use_encoded_value', unknown_value=nan`).
public struct OrdinalEncode: PreprocessingStep, Equatable {
    /// What to do with a category not seen at fit time.
    public enum UnknownPolicy: String, Codable, Sendable, Equatable {
        /// A `DataError.invalidValue`.
        case error
        /// A missing value.
        case missing
    }

    /// The columns encoded; nil means every categorical and text column of the fitting table.
    public var columns: [String]?
    /// What to do with unseen categories.
    public var unknown: UnknownPolicy

    /// Ordinal-encodes `columns` (nil: every categorical and text column).
    public init(_ columns: [String]? = nil, unknown: UnknownPolicy = .error) {
        self.columns = columns
        self.unknown = unknown
    }

    /// `ordinal`.
    public var stepName: String { Fitted.stepName }

    /// Learns each column's sorted categories.
    public func fit(on table: Table) throws -> FittedStep {
        let names = try columns ?? StepColumns.resolve(nil, in: table, step: stepName, needs: "", accepts: { !$0.isNumeric })
        let encoded = try names.map { name in
            let column = try StepColumns.fitColumn(name, in: table, step: stepName)
            return OneHotEncode.Fitted.Column(name: name, categories: StepColumns.sortedCategories(of: column))
        }
        return .ordinal(Fitted(columns: encoded, unknown: unknown))
    }
}

extension OrdinalEncode {
    /// Ordinal encoding with fitted categories.
    public struct Fitted: FittedTransform {
        /// `ordinal`.
        public static let stepName = "ordinal"
        /// The fitted columns and their categories (code = position).
        public let columns: [OneHotEncode.Fitted.Column]
        /// What to do with unseen categories.
        public let unknown: UnknownPolicy

        /// Each column once, each of its categories once.
        public func checkConsistency() throws {
            try OneHotEncode.Fitted.checkCategories(columns)
        }

        /// Every fitted column replaced by its codes.
        /// - Throws: `DataError.invalidValue` for an unseen category under `.error`.
        public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
            var replacements = [String: [Column]]()
            for fitted in columns {
                let column = try StepColumns.appliedColumn(fitted.name, in: table, step: Self.stepName)
                replacements[fitted.name] = [try encode(column, as: fitted, warnings: &warnings)]
            }
            return try StepColumns.replacing(replacements, in: table)
        }

        /// One column's codes.
        private func encode(_ column: Column, as fitted: OneHotEncode.Fitted.Column, warnings: inout [PreprocessingWarning]) throws -> Column {
            let position = Dictionary(uniqueKeysWithValues: fitted.categories.enumerated().map { ($1, Int64($0)) })
            var codes = [Int64?]()
            var unseen = [Int]()
            for (row, value) in column.strings().enumerated() {
                guard let value else {
                    codes.append(nil)
                    continue
                }
                if position[value] == nil { unseen.append(row) }
                codes.append(position[value])
            }
            if let first = unseen.first {
                let example = column[first].description
                if unknown == .error {
                    throw DataError(
                        .invalidValue, "\(Self.stepName): column '\(column.name)' row \(first + 1) has category '\(example)', not seen when fitting")
                }
                let message = "\(unseen.count) row(s) of column '\(column.name)' had categories not seen when fitting (e.g. '\(example)'); encoded as missing"
                warnings.append(PreprocessingWarning(step: Self.stepName, column: column.name, rowCount: unseen.count, message: message))
            }
            return Column.integers(column.name, codes)
        }
    }
}
