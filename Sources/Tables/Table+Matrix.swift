import Numerics

/// Conversion of numeric columns to a matrix.
extension Table {
    /// The named numeric columns (all numeric columns when nil) as an n×k
    /// matrix, one matrix column per table column.
    ///
    /// Number columns are copied as whole buffers into the column-major
    /// storage, with no per-cell work; integers and booleans are converted.
    /// - Parameter allowMissing: when false (the default) a missing value is an
    ///   error that names the column and first row; when true it becomes NaN.
    /// - Throws: `DataError.unknownColumn`, `typeMismatch` for a non-numeric
    ///   column, `invalidValue` for a missing value.
    public func matrix(columns names: [String]? = nil, allowMissing: Bool = false) throws -> Matrix {
        let picked = try names.map { try $0.map { try column($0) } } ?? columns.filter { $0.type.isNumeric }
        var storage = [Double]()
        storage.reserveCapacity(rowCount * picked.count)
        for column in picked {
            guard column.type.isNumeric else {
                throw DataError(.typeMismatch, "column '\(column.name)' is \(column.type); a matrix needs numeric columns")
            }
            if !allowMissing, let first = column.missing.rows.first {
                throw DataError(
                    .invalidValue,
                    "column '\(column.name)' has \(column.missing.count) missing value\(column.missing.count == 1 ? "" : "s") (first in row \(first + 1)); fill or drop them first")
            }
            storage.append(contentsOf: try column.doubles())
        }
        return try Matrix(rows: rowCount, columns: picked.count, columnMajor: storage)
    }
}
