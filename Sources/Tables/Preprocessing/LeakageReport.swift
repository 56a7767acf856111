/// Rows of a table that preprocessing was fitted on: evidence that a test set leaks into the
/// fitted parameters.
public struct LeakageReport: Sendable, Equatable, CustomStringConvertible {
    /// How many rows of the examined table were used for fitting.
    public let overlappingRows: Int
    /// How many rows the examined table has.
    public let rowCount: Int
    /// A few of the overlapping rows, as 1-based data row numbers in their source (the smallest first).
    public let exampleRows: [Int]

    /// Creates a report.
    public init(overlappingRows: Int, rowCount: Int, exampleRows: [Int]) {
        self.overlappingRows = overlappingRows
        self.rowCount = rowCount
        self.exampleRows = exampleRows
    }

    /// `12 of 30 test rows were used to fit preprocessing (e.g. source rows 1, 5, 8)`.
    public var description: String {
        let examples = exampleRows.map(String.init).joined(separator: ", ")
        return "\(overlappingRows) of \(rowCount) test rows were used to fit preprocessing (e.g. source row\(exampleRows.count == 1 ? "" : "s") \(examples))"
    }
}
