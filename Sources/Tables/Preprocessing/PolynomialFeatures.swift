/// Replaces numeric columns by their products up to a degree, in scikit-learn's
/// `PolynomialFeatures` order: by degree, then lexicographically by column position
/// (a, b, a^2, a*b, b^2 for degree 2).
///
/// Names are `a`, `a^2`, `a*b`, `a^2*b`; the degree-1 terms keep the original names. The new
/// columns take the place of the first input column. `interactionOnly` keeps products of
/// distinct columns only. Unlike scikit-learn, no bias column of ones is added unless
/// `includeBias` (named `1`), since the models fit their own intercept. A term is missing
/// where any of its factors is.
public struct PolynomialFeatures: PreprocessingStep, Equatable {
    /// The input columns; nil means every numeric column of the fitting table.
    public var columns: [String]?
    /// The highest total degree (≥ 1).
    public var degree: Int
    /// Whether only products of distinct columns are kept.
    public var interactionOnly: Bool
    /// Whether a column of ones named `1` comes first.
    public var includeBias: Bool

    /// Polynomial terms of `columns` (nil: every numeric column) up to `degree`.
    public init(_ columns: [String]? = nil, degree: Int = 2, interactionOnly: Bool = false, includeBias: Bool = false) {
        self.columns = columns
        self.degree = degree
        self.interactionOnly = interactionOnly
        self.includeBias = includeBias
    }

    /// `polynomial`.
    public var stepName: String { Fitted.stepName }

    /// Records the columns and options.
    /// - Throws: `DataError.invalidArgument` for a degree below 1 or no input column.
    public func fit(on table: Table) throws -> FittedStep {
        guard degree >= 1 else { throw DataError(.invalidArgument, "polynomial: degree \(degree) must be at least 1") }
        let names = try StepColumns.numeric(columns, in: table, step: stepName)
        guard !names.isEmpty else { throw DataError(.invalidArgument, "polynomial: no numeric column to expand") }
        let fitted = Fitted(columns: names, degree: degree, interactionOnly: interactionOnly, includeBias: includeBias)
        try fitted.requireFits(table)
        return .polynomial(fitted)
    }
}

extension PolynomialFeatures {
    /// Polynomial expansion over fixed columns.
    public struct Fitted: FittedTransform {
        /// `polynomial`.
        public static let stepName = "polynomial"
        /// The input columns, in order.
        public let columns: [String]
        /// The highest total degree.
        public let degree: Int
        /// Whether only products of distinct columns are kept.
        public let interactionOnly: Bool
        /// Whether a column of ones comes first.
        public let includeBias: Bool

        /// At least one column, each once (terms are named after them), and a degree from 1 whose
        /// terms `requireFits` would let be listed: listing takes memory with their factors.
        public func checkConsistency() throws {
            try ParameterCheck.nonEmpty("columns", columns.count)
            try ParameterCheck.distinct("columns", columns, "a term names each factor once")
            try ParameterCheck.atLeast("degree", degree, 1, "the highest total degree of a term")
            guard factorCount <= Table.maximumValues else {
                throw DataError(.invalidValue, "degree is \(degree), expected a lower one: \(termsDescription)")
            }
        }

        /// The terms as lists of input positions (non-decreasing), in scikit-learn's order.
        public var terms: [[Int]] {
            var result: [[Int]] = includeBias ? [[]] : []
            for d in 1...degree { result += Self.combinations(of: columns.count, size: d, repeating: !interactionOnly) }
            return result
        }

        /// The output column names, in order.
        public var outputNames: [String] { terms.map(name) }

        /// The input columns replaced by the terms.
        public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
            try requireFits(table)
            let inputs = try columns.map { try StepColumns.appliedColumn($0, in: table, step: Self.stepName) }
            let values = try inputs.map { try StepColumns.doubles($0, step: Self.stepName) }
            let outputs = try terms.map { term in
                let products = (0..<table.rowCount).map { row in term.reduce(1.0) { $0 * values[$1][row] } }
                return try StepColumns.numberColumn(name(term), products, missing: termMissing(term, inputs))
            }
            var replacements = Dictionary(uniqueKeysWithValues: columns.map { ($0, [Column]()) })
            replacements[columns[0]] = outputs
            return try StepColumns.replacing(replacements, in: table)
        }

        /// The number of terms, counted without listing them: 40 columns to degree 8 make 377 million.
        /// The count takes as many steps as there are columns, not as the degree is high, which a
        /// model document may set to anything.
        var termCount: Int {
            let n = Double(columns.count), degree = Double(Swift.max(self.degree, 0))
            var total = includeBias ? 1.0 : 0, combinations = 1.0
            if interactionOnly {
                // C(n, d) for d = 1 … degree, each from the one before; none beyond n.
                for d in stride(from: 1.0, through: Swift.min(degree, n), by: 1) {
                    combinations *= (n - d + 1) / d
                    total += combinations
                }
            } else {
                // C(n + d − 1, d) for d = 1 … degree sums to C(n + degree, n) − 1.
                for i in stride(from: 1.0, through: n, by: 1) { combinations *= (degree + i) / i }
                total += combinations - 1
            }
            return total < 9e18 ? Int(total.rounded()) : Int.max
        }

        /// The most positions the listed terms hold: each term lists up to `degree` of them (up to
        /// the column count without repeats), so a high degree over few columns fills gigabytes
        /// with terms even for a table of no rows.
        var factorCount: Int {
            let (count, overflow) = termCount.multipliedReportingOverflow(by: Swift.max(longestTerm, 1))
            return overflow ? .max : count
        }

        private var longestTerm: Int { interactionOnly ? Swift.min(degree, columns.count) : degree }

        /// "2 column(s) to degree 1000 make 501500 terms of up to 1000 factors each (…)".
        private var termsDescription: String {
            "\(columns.count) column(s) to degree \(degree) make \(termCount) terms of up to \(longestTerm) factors each"
                + " (at most 100,000,000 factors in all)"
        }

        /// Refuses a table whose terms would not fit, and terms too many to list, before they are listed.
        func requireFits(_ table: Table) throws {
            let (width, overflow) = (table.columnCount - columns.count).addingReportingOverflow(termCount)
            try Table.requireFits(rows: table.rowCount, columns: overflow ? .max : width, Self.stepName)
            guard factorCount <= Table.maximumValues else { throw DataError(.invalidArgument, "\(Self.stepName): \(termsDescription)") }
        }

        /// Rows where a factor of `term` is missing.
        private func termMissing(_ term: [Int], _ inputs: [Column]) -> MissingMask {
            var mask = MissingMask()
            for position in Set(term) { for row in inputs[position].missing.rows { mask.insert(row) } }
            return mask
        }

        /// `a^2*b` for [0, 0, 1]; `1` for the empty term.
        private func name(_ term: [Int]) -> String {
            guard !term.isEmpty else { return "1" }
            var parts = [String]()
            var i = 0
            while i < term.count {
                var power = 1
                while i + power < term.count, term[i + power] == term[i] { power += 1 }
                parts.append(power == 1 ? columns[term[i]] : "\(columns[term[i]])^\(power)")
                i += power
            }
            return parts.joined(separator: "*")
        }

        /// Python's `combinations_with_replacement(range(n), size)` (or `combinations`), in its order.
        static func combinations(of n: Int, size: Int, repeating: Bool) -> [[Int]] {
            guard size > 0 else { return [[]] }
            var result = [[Int]]()
            for prefix in combinations(of: n, size: size - 1, repeating: repeating) {
                let start = prefix.last.map { repeating ? $0 : $0 + 1 } ?? 0
                for next in stride(from: start, to: n, by: 1) { result.append(prefix + [next]) }
            }
            return result
        }
    }
}
