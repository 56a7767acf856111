/// What `describe` reports about one column.
public struct ColumnSummary: Equatable, Sendable {
    /// Statistics of a numeric column (over its non-missing values).
    public struct Numeric: Equatable, Sendable {
        public let mean: Double
        /// Sample standard deviation (ddof = 1), NaN with fewer than two values.
        public let sd: Double
        public let min: Double
        /// The 25th, 50th and 75th percentiles (numpy's default linear method).
        public let q25: Double
        public let median: Double
        public let q75: Double
        public let max: Double
    }

    /// Counts of a categorical or text column.
    public struct Categorical: Equatable, Sendable {
        /// Number of distinct values.
        public let unique: Int
        /// The most frequent value (the first in level order on ties).
        public let top: String?
        /// How often `top` occurs.
        public let frequency: Int
    }

    public let name: String
    public let type: ColumnType
    /// Non-missing values.
    public let count: Int
    /// Missing values.
    public let missing: Int
    /// Set for number, integer and boolean columns with at least one value.
    public let numeric: Numeric?
    /// Set for categorical and text columns.
    public let categorical: Categorical?
}

extension ColumnSummary {
    /// Exactly what `String(describing:)` writes for the summary, which run
    /// records hash; spelt out because the runtime's reflection took about a
    /// tenth of a millisecond per column.
    public var reflectedText: String {
        func optional(_ text: String?) -> String { text.map { "Optional(\($0))" } ?? "nil" }
        let numericText = numeric.map { n in
            let fields = [("mean", n.mean), ("sd", n.sd), ("min", n.min), ("q25", n.q25), ("median", n.median), ("q75", n.q75), ("max", n.max)]
            return "Tables.ColumnSummary.Numeric(" + fields.map { "\($0.0): \($0.1.debugDescription)" }.joined(separator: ", ") + ")"
        }
        let categoricalText = categorical.map {
            "Tables.ColumnSummary.Categorical(unique: \($0.unique), top: \(optional($0.top?.debugDescription)), frequency: \($0.frequency))"
        }
        return "ColumnSummary(name: \(name.debugDescription), type: \(type.description), count: \(count), missing: \(missing), "
            + "numeric: \(optional(numericText)), categorical: \(optional(categoricalText)))"
    }
}
