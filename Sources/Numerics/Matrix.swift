/// A dense matrix of `Double`, stored column-major with value semantics.
///
/// Column-major storage is what LAPACK expects, so decompositions run on the
/// buffer without transposing, and a columnar table becomes a matrix by
/// concatenating its columns. Copies are cheap until one side is mutated
/// (copy-on-write through the underlying array).
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Elements in column-major order: element (i, j) is at `j * rows + i`.
    public internal(set) var storage: [Double]

    /// Creates a matrix from column-major storage.
    /// - Throws: `NumericsError.invalidArgument` when the count does not match the shape.
    public init(rows: Int, columns: Int, columnMajor storage: [Double]) throws {
        guard rows >= 0, columns >= 0 else {
            throw NumericsError.invalidArgument(operation: "matrix", detail: "negative dimension \(rows)×\(columns)")
        }
        guard storage.count == rows * columns else {
            throw NumericsError.invalidArgument(
                operation: "matrix",
                detail: "\(storage.count) values do not fill a \(rows)×\(columns) matrix")
        }
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Internal initialiser for storage whose count is known to be right.
    init(uncheckedRows rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns)
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix with every element equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "negative matrix dimension")
        self.init(uncheckedRows: rows, columns: columns, storage: Array(repeating: value, count: rows * columns))
    }

    /// Creates a matrix from a list of rows.
    /// - Throws: `NumericsError.invalidArgument` when the rows have different lengths.
    public init(rows list: [[Double]]) throws {
        let columnCount = list.first?.count ?? 0
        for (index, row) in list.enumerated() where row.count != columnCount {
            throw NumericsError.invalidArgument(
                operation: "matrix",
                detail: "row \(index + 1) has \(row.count) values, expected \(columnCount)")
        }
        var storage = [Double](repeating: 0, count: list.count * columnCount)
        for (i, row) in list.enumerated() {
            for (j, value) in row.enumerated() { storage[j * list.count + i] = value }
        }
        self.init(uncheckedRows: list.count, columns: columnCount, storage: storage)
    }

    /// Creates a matrix whose columns are the given vectors.
    /// - Throws: `NumericsError.invalidArgument` when the columns have different lengths.
    public init(columns list: [Vector]) throws {
        let rowCount = list.first?.count ?? 0
        for (index, column) in list.enumerated() where column.count != rowCount {
            throw NumericsError.invalidArgument(
                operation: "matrix",
                detail: "column \(index + 1) has \(column.count) values, expected \(rowCount)")
        }
        var storage = [Double]()
        storage.reserveCapacity(rowCount * list.count)
        for column in list { storage.append(contentsOf: column.elements) }
        self.init(uncheckedRows: rowCount, columns: list.count, storage: storage)
    }

    /// The n×n identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i * n + i] = 1 }
        return m
    }

    /// A square matrix with `diagonal` on its diagonal and zeros elsewhere.
    public static func diagonal(_ diagonal: Vector) -> Matrix {
        let n = diagonal.count
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i * n + i] = diagonal[i] }
        return m
    }

    /// The shape of the matrix.
    public var shape: Shape { Shape(rows, columns) }
    /// Number of elements.
    public var count: Int { storage.count }
    /// True when the matrix has no elements.
    public var isEmpty: Bool { storage.isEmpty }
    /// True when the matrix has as many rows as columns.
    public var isSquare: Bool { rows == columns }

    /// Element access; traps on an index outside the matrix, like an array.
    /// Use `element(_:_:)` where the index comes from user input.
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "matrix index out of range")
            return storage[column * rows + row]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "matrix index out of range")
            storage[column * rows + row] = newValue
        }
    }

    /// Element access that throws instead of trapping.
    public func element(_ row: Int, _ column: Int) throws -> Double {
        guard row >= 0, row < rows, column >= 0, column < columns else {
            throw NumericsError.outOfRange(
                operation: "index", detail: "element (\(row), \(column)) is outside a \(shape) matrix")
        }
        return storage[column * rows + row]
    }

    /// The rows as arrays, top to bottom.
    public var rowArrays: [[Double]] {
        (0..<rows).map { i in (0..<columns).map { j in storage[j * rows + i] } }
    }
}
