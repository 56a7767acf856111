/// Puts numeric values into bins whose edges are fitted, as scikit-learn's `KBinsDiscretizer`.
///
/// - `.uniform`: `binCount` equal-width bins between the fitted minimum and maximum
///   (numpy's `linspace`).
/// - `.quantile`: edges at the quantiles 0, 1/k, …, 1 by numpy's `averaged_inverted_cdf`
///   (scikit-learn 1.9's default `quantile_method`); edges closer than 1e-8 to the previous one
///   are dropped, so there may be fewer bins (scikit-learn warns; the fitted edges show it).
///
/// Bin i holds edges[i] ≤ x < edges[i+1]; values outside the fitted range fall in the first or
/// last bin (scikit-learn's `searchsorted` over the inner edges). A constant column gets one bin.
/// The output is an integer bin number (`.ordinal`) or a categorical column whose levels are
/// the intervals, `[a, b)` and `[a, b]` for the last (`.categorical`). Missing values stay missing.
public struct Binning: PreprocessingStep, Equatable {
    /// How edges are placed.
    public enum Strategy: String, Codable, Sendable, Equatable {
        /// Equal widths.
        case uniform
        /// Equal counts.
        case quantile
    }

    /// What the binned column holds.
    public enum Output: String, Codable, Sendable, Equatable {
        /// The bin number, 0-based, as an integer column.
        case ordinal
        /// The interval, as a categorical column.
        case categorical
    }

    /// The columns binned; nil means every numeric column of the fitting table.
    public var columns: [String]?
    /// How many bins to aim for (≥ 2).
    public var binCount: Int
    /// How edges are placed.
    public var strategy: Strategy
    /// What the binned column holds.
    public var output: Output

    /// Bins `columns` (nil: every numeric column) into `binCount` bins.
    public init(_ columns: [String]? = nil, binCount: Int = 5, strategy: Strategy = .quantile, output: Output = .ordinal) {
        self.columns = columns
        self.binCount = binCount
        self.strategy = strategy
        self.output = output
    }

    /// `bin`.
    public var stepName: String { Fitted.stepName }

    /// Learns each column's edges.
    /// - Throws: `DataError.invalidArgument` for fewer than 2 bins or a column with no values.
    public func fit(on table: Table) throws -> FittedStep {
        guard binCount >= 2 else { throw DataError(.invalidArgument, "bin: bin count \(binCount) must be at least 2") }
        let names = try StepColumns.numeric(columns, in: table, step: stepName)
        let fitted = try names.map { name in
            let values = try StepColumns.finiteFitValues(name, in: table, step: stepName).filter { !$0.isNaN }.sorted()
            guard let low = values.first, let high = values.last else {
                throw DataError(.invalidArgument, "bin: column '\(name)' has no values to fit on")
            }
            return Fitted.Column(name: name, edges: low == high ? [low, high] : edges(sorted: values))
        }
        return .bin(Fitted(columns: fitted, output: output))
    }

    /// The edges for sorted, non-constant values.
    private func edges(sorted values: [Double]) -> [Double] {
        switch strategy {
        case .uniform:
            return Self.linspace(values[0], values[values.count - 1], count: binCount + 1)
        case .quantile:
            let quantiles = Self.linspace(0, 100, count: binCount + 1).map { Self.averagedInvertedCDF(values, $0 / 100) }
            var kept = [quantiles[0]]
            for edge in quantiles.dropFirst() where edge - kept[kept.count - 1] > 1e-8 { kept.append(edge) }
            return kept
        }
    }

    /// numpy's `linspace(start, stop, count)`: i · step + start, the last exactly `stop`.
    static func linspace(_ start: Double, _ stop: Double, count: Int) -> [Double] {
        let step = (stop - start) / Double(count - 1)
        var result = (0..<count).map { Double($0) * step + start }
        result[count - 1] = stop
        return result
    }

    /// numpy's quantile by `averaged_inverted_cdf` of sorted values: the order statistic at
    /// n·q, or the mean of two neighbours when n·q is a whole number.
    static func averagedInvertedCDF(_ sorted: [Double], _ q: Double) -> Double {
        let n = sorted.count
        let virtual = Double(n) * q - 1
        if virtual < 0 { return sorted[0] }
        if virtual >= Double(n - 1) { return sorted[n - 1] }
        let previous = virtual.rounded(.down)
        let a = sorted[Int(previous)], b = sorted[Int(previous) + 1]
        let t = virtual - previous == 0 ? 0.5 : 1
        let difference = b - a
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }
}

extension Binning {
    /// Binning with fitted edges.
    public struct Fitted: FittedTransform {
        /// One column's edges.
        public struct Column: Codable, Sendable, Equatable {
            /// The column's name.
            public let name: String
            /// The bin edges, increasing; bin count = edges.count − 1 (1 for a constant column).
            public let edges: [Double]
        }

        /// `bin`.
        public static let stepName = "bin"
        /// The fitted columns.
        public let columns: [Column]
        /// What the binned column holds.
        public let output: Output

        /// Each column once, with finite edges, at least two and increasing (a constant column's
        /// two are equal): other edges put values in bins they do not belong to, and a categorical
        /// output needs a label for each bin.
        public func checkConsistency() throws {
            try ParameterCheck.distinct("columns", columns.map(\.name), field: "name", "a column is binned once")
            for (index, column) in columns.enumerated() {
                let name = "columns[\(index)].edges"
                try ParameterCheck.atLeast("\(name) length", column.edges.count, 2, "a bin's lower and upper edge")
                for (position, edge) in column.edges.enumerated() { try ParameterCheck.finite("\(name)[\(position)]", edge) }
                if column.edges.count == 2 {
                    try ParameterCheck.ordered("\(name)[0]", column.edges[0], "\(name)[1]", column.edges[1])
                } else {
                    try ParameterCheck.increasing(name, column.edges)
                }
            }
        }

        /// Every fitted column replaced by its bins.
        public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
            var replacements = [String: [Tables.Column]]()
            for fitted in columns {
                let column = try StepColumns.appliedColumn(fitted.name, in: table, step: Self.stepName)
                let values = try StepColumns.doubles(column, step: Self.stepName)
                let inner = fitted.edges.dropFirst().dropLast()
                let bins = values.map { x in inner.reduce(0) { $1 <= x ? $0 + 1 : $0 } }
                replacements[fitted.name] = [try binned(column, bins, fitted)]
            }
            return try StepColumns.replacing(replacements, in: table)
        }

        /// The output column for bin numbers `bins`.
        private func binned(_ column: Tables.Column, _ bins: [Int], _ fitted: Column) throws -> Tables.Column {
            switch output {
            case .ordinal:
                return try Tables.Column(name: column.name, values: .integer(bins.map(Int64.init)), missing: column.missing)
            case .categorical:
                let codes = bins.indices.map { column.missing.contains($0) ? -1 : Int32(bins[$0]) }
                return try Tables.Column(name: column.name, values: .categorical(codes: codes, levels: labels(fitted.edges)), missing: column.missing)
            }
        }

        /// `[a, b)` for each bin, `[a, b]` for the last.
        private func labels(_ edges: [Double]) -> [String] {
            let count = Swift.max(edges.count - 1, 1)
            return (0..<count).map { i in
                let upper = edges[Swift.min(i + 1, edges.count - 1)]
                return "[\(edges[i]), \(upper)\(i == count - 1 ? "]" : ")")"
            }
        }
    }
}
