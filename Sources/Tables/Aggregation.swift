/// One aggregate computed per group by `Table.grouped(by:aggregations:)`.
public struct Aggregation: Equatable, Sendable {
    /// The aggregate functions. All skip missing values.
    public enum Function: String, Sendable, CaseIterable {
        /// Non-missing values of the column, or rows when there is no column.
        case count
        case sum, mean, min, max
        /// Sample standard deviation (ddof = 1).
        case sd
    }

    /// The column aggregated; nil only for `count` of rows.
    public var column: String?
    public var function: Function
    /// The output column's name; by default `column_function` (or `count`).
    public var name: String

    public init(_ function: Function, of column: String? = nil, as name: String? = nil) {
        self.column = column
        self.function = function
        self.name = name ?? column.map { "\($0)_\(function.rawValue)" } ?? function.rawValue
    }
}
