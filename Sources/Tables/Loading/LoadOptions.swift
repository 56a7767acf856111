/// How `TableLoader` reads a file: format, delimiter, header, missing values and types.
///
/// The defaults infer everything; each property overrides one inference.
public struct LoadOptions: Equatable, Sendable {
    /// The file format.
    public enum Format: String, Equatable, Sendable {
        /// By extension: `.tsv` and `.tab` are TSV, `.jsonl`/`.ndjson` JSON Lines, anything else CSV.
        case auto
        /// Comma-separated values (RFC 4180), or another delimiter given by `delimiter`.
        case csv
        /// Tab-separated values.
        case tsv
        /// One JSON object per line.
        case jsonLines
    }

    /// Whether the first row of a CSV/TSV file names the columns.
    public enum Header: String, Equatable, Sendable {
        /// A header when the first row's non-empty fields are all text (not numbers, booleans or
        /// missing tokens) and at least one is non-empty; otherwise the first row is data.
        case detect
        /// The first row is the header.
        case present
        /// There is no header: columns are named `column1`, `column2`, …
        case absent
    }

    /// The file format; `.auto` decides by extension.
    public var format: Format
    /// The field delimiter for CSV (one ASCII byte); nil means ',' for CSV and tab for TSV.
    public var delimiter: UInt8?
    /// Whether there is a header row.
    public var header: Header
    /// Field contents (after trimming spaces and tabs) that mean "missing", compared exactly.
    public var missingTokens: [String]
    /// Column types that replace inference, by column name. A value that cannot be read as
    /// the stated type is an error with its line and column.
    public var columnTypes: [String: ColumnType]
    /// The largest number of distinct values a text column may have to be inferred categorical.
    public var maxCategoricalLevels: Int
    /// The largest share of distinct values among non-missing values for a categorical column.
    public var maxCategoricalRatio: Double

    /// The options; every argument defaults to inference.
    public init(
        format: Format = .auto,
        delimiter: UInt8? = nil,
        header: Header = .detect,
        missingTokens: [String] = LoadOptions.defaultMissingTokens,
        columnTypes: [String: ColumnType] = [:],
        maxCategoricalLevels: Int = 1000,
        maxCategoricalRatio: Double = 0.5
    ) {
        self.format = format
        self.delimiter = delimiter
        self.header = header
        self.missingTokens = missingTokens
        self.columnTypes = columnTypes
        self.maxCategoricalLevels = maxCategoricalLevels
        self.maxCategoricalRatio = maxCategoricalRatio
    }

    /// The tokens read as missing unless told otherwise: "", "NA", "NaN" and "null".
    public static let defaultMissingTokens = ["", "NA", "NaN", "null"]

    /// The format to use for a file called `name`.
    public func resolvedFormat(forName name: String) -> Format {
        guard format == .auto else { return format }
        let lower = name.lowercased()
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") { return .tsv }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonLines }
        return .csv
    }
}
