/// A typed, columnar table: named columns of equal length.
///
/// Every row carries a key recording where it came from (`rowKeys`): the
/// source's tag in the high 32 bits and the row's number in that source in
/// the low 32. Rows keep their keys through filtering, sorting and splitting,
/// which is how preprocessing fitted on some rows can later tell that a test
/// set contains them. Tag 0 means "made in memory, origin unknown".
public struct Table: Equatable, Sendable {
    /// The columns, in order.
    public internal(set) var columns: [Column]
    /// Number of rows.
    public internal(set) var rowCount: Int
    /// One provenance key per row (see the type's documentation).
    public internal(set) var rowKeys: [UInt64]

    /// Creates a table from columns of equal length with unique names.
    /// - Parameter rowKeys: provenance keys; by default tag 0 and the row number.
    /// - Throws: `DataError` for unequal lengths, duplicate names or a wrong key count.
    public init(columns: [Column], rowKeys: [UInt64]? = nil) throws {
        let count = columns.first?.count ?? (rowKeys?.count ?? 0)
        var seen = Set<String>()
        for column in columns {
            guard column.count == count else {
                throw DataError(.lengthMismatch, "column '\(column.name)' has \(column.count) rows, expected \(count)")
            }
            guard seen.insert(column.name).inserted else {
                throw DataError(.duplicateColumn, "duplicate column name '\(column.name)'")
            }
        }
        if let rowKeys, rowKeys.count != count {
            throw DataError(.lengthMismatch, "\(rowKeys.count) row keys for \(count) rows")
        }
        self.columns = columns
        self.rowCount = count
        self.rowKeys = rowKeys ?? (0..<count).map { UInt64($0) }
    }

    /// Internal initialiser for parts known to be consistent.
    init(unchecked columns: [Column], rowCount: Int, rowKeys: [UInt64]) {
        self.columns = columns
        self.rowCount = rowCount
        self.rowKeys = rowKeys
    }

    /// The row keys of a source with `tag`: tag in the high bits, row number in the low.
    public static func rowKeys(tag: UInt32, count: Int) -> [UInt64] {
        let high = UInt64(tag) << 32
        return (0..<count).map { high | UInt64(truncatingIfNeeded: $0) }
    }

    /// The column names, in order.
    public var columnNames: [String] { columns.map(\.name) }
    /// Number of columns.
    public var columnCount: Int { columns.count }

    /// The position of the column called `name`.
    /// - Throws: `DataError.unknownColumn` with a did-you-mean suggestion.
    public func columnIndex(_ name: String) throws -> Int {
        guard let index = columns.firstIndex(where: { $0.name == name }) else {
            throw DataError.unknownColumn(name, among: columnNames)
        }
        return index
    }

    /// The column called `name`.
    /// - Throws: `DataError.unknownColumn` with a did-you-mean suggestion.
    public func column(_ name: String) throws -> Column {
        columns[try columnIndex(name)]
    }

    /// Whether a column called `name` exists.
    public func hasColumn(_ name: String) -> Bool { columns.contains { $0.name == name } }

    /// The value at (`row`, column `name`).
    /// - Throws: `DataError` for an unknown column or a row outside the table.
    public func cell(row: Int, column name: String) throws -> Cell {
        guard row >= 0, row < rowCount else {
            throw DataError(.invalidArgument, "row \(row) is outside a table of \(rowCount) rows")
        }
        return try column(name)[row]
    }
}
