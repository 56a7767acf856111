/// A fitted chain of preprocessing steps plus the provenance of the rows it was fitted on.
///
/// Plain data: it encodes as `{"format": 1, "steps": […], "fittedRows": [[first, last], …]}`
/// and applies identically after a round trip. `fittedRows` holds the row keys of the table
/// given to `Preprocessor.fit(on:)` (every row, including ones a `drop_missing` step removed
/// later, since they were in the data offered for fitting), without tag-0 keys.
public struct FittedPreprocessor: Sendable, Equatable {
    /// The version of the encoded form this type reads and writes.
    public static let formatVersion = 1

    /// The fitted steps, in application order.
    public let steps: [FittedStep]
    /// The provenance keys of the rows the steps were fitted on.
    public let fittedRows: RowKeySet

    /// A chain of fitted steps with the provenance of its fitting rows.
    public init(steps: [FittedStep], fittedRows: RowKeySet) {
        self.steps = steps
        self.fittedRows = fittedRows
    }

    /// `table` run through every step; warnings from all steps are appended to `warnings`.
    public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
        var current = table
        for step in steps { current = try step.apply(to: current, warnings: &warnings) }
        return current
    }

    /// `table` run through every step, discarding warnings.
    public func apply(to table: Table) throws -> Table {
        var ignored = [PreprocessingWarning]()
        return try apply(to: table, warnings: &ignored)
    }

    /// Throws unless every step's parameters agree with each other; see `FittedTransform.checkConsistency()`.
    /// - Throws: `DataError.invalidValue` naming the step (from 1) and the parameter.
    public func checkConsistency() throws {
        for (index, step) in steps.enumerated() {
            do { try step.transform.checkConsistency() } catch let problem as DataError {
                throw DataError(.invalidValue, "preprocessing step \(index + 1) (\(step.stepName)): \(problem.message)")
            }
        }
    }

    /// Which rows of `table` (by provenance key) were used to fit this chain; nil when none were.
    ///
    /// Rows with tag-0 keys are never counted: their origin is unknown.
    public func leakage(in table: Table, examples: Int = 5) -> LeakageReport? {
        guard !fittedRows.isEmpty else { return nil }
        let rows = table.rowKeys.indices.filter { table.rowKeys[$0] >> 32 != 0 && fittedRows.contains(table.rowKeys[$0]) }
        guard !rows.isEmpty else { return nil }
        // Rows are named by their line in the source, which a person can look up.
        let sourceRows = rows.map { Int(table.rowKeys[$0] & 0xFFFF_FFFF) + 1 }.sorted()
        return LeakageReport(overlappingRows: rows.count, rowCount: table.rowCount, exampleRows: Array(sourceRows.prefix(examples)))
    }
}

extension FittedPreprocessor: Codable {
    private enum CodingKeys: String, CodingKey {
        case format, steps, fittedRows
    }

    /// Decodes the versioned form.
    /// - Throws: `DecodingError.dataCorrupted` for a format version this build cannot read.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(Int.self, forKey: .format)
        guard format == Self.formatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "preprocessing format \(format); this mlx reads format \(Self.formatVersion)")
        }
        steps = try container.decode([FittedStep].self, forKey: .steps)
        fittedRows = try container.decode(RowKeySet.self, forKey: .fittedRows)
    }

    /// Encodes the versioned form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .format)
        try container.encode(steps, forKey: .steps)
        try container.encode(fittedRows, forKey: .fittedRows)
    }
}
