/// Transposition, slicing and stacking.
extension Matrix {
    /// The transpose, copied in cache-sized tiles.
    public var transposed: Matrix {
        var result = [Double](repeating: 0, count: count)
        let tile = 32
        storage.withUnsafeBufferPointer { a in
            result.withUnsafeMutableBufferPointer { t in
                for j0 in stride(from: 0, to: columns, by: tile) {
                    for i0 in stride(from: 0, to: rows, by: tile) {
                        for j in j0..<Swift.min(j0 + tile, columns) {
                            for i in i0..<Swift.min(i0 + tile, rows) { t[i * columns + j] = a[j * rows + i] }
                        }
                    }
                }
            }
        }
        return Matrix(uncheckedRows: columns, columns: rows, storage: result)
    }

    /// Column `j` as a vector.
    /// - Throws: `NumericsError.outOfRange` for a column outside the matrix.
    public func column(_ j: Int) throws -> Vector {
        guard j >= 0, j < columns else {
            throw NumericsError.outOfRange(operation: "column", detail: "column \(j) is outside a \(shape) matrix")
        }
        return Vector(Array(storage[(j * rows)..<((j + 1) * rows)]))
    }

    /// Row `i` as a vector.
    /// - Throws: `NumericsError.outOfRange` for a row outside the matrix.
    public func row(_ i: Int) throws -> Vector {
        guard i >= 0, i < rows else {
            throw NumericsError.outOfRange(operation: "row", detail: "row \(i) is outside a \(shape) matrix")
        }
        return Vector((0..<columns).map { storage[$0 * rows + i] })
    }

    /// All columns as vectors.
    public var columnVectors: [Vector] {
        (0..<columns).map { j in Vector(Array(storage[(j * rows)..<((j + 1) * rows)])) }
    }

    /// The block of rows `rowRange` and columns `columnRange`.
    /// - Throws: `NumericsError.outOfRange` when a range reaches outside the matrix.
    public func submatrix(rows rowRange: Range<Int>, columns columnRange: Range<Int>) throws -> Matrix {
        guard rowRange.lowerBound >= 0, rowRange.upperBound <= rows,
            columnRange.lowerBound >= 0, columnRange.upperBound <= columns
        else {
            throw NumericsError.outOfRange(
                operation: "slice",
                detail: "rows \(rowRange) and columns \(columnRange) reach outside a \(shape) matrix")
        }
        var result = [Double]()
        result.reserveCapacity(rowRange.count * columnRange.count)
        for j in columnRange {
            result.append(contentsOf: storage[(j * rows + rowRange.lowerBound)..<(j * rows + rowRange.upperBound)])
        }
        return Matrix(uncheckedRows: rowRange.count, columns: columnRange.count, storage: result)
    }

    /// The rows at `indices`, in that order (indices may repeat).
    /// - Throws: `NumericsError.outOfRange` for an index outside the matrix.
    public func selectingRows(_ indices: [Int]) throws -> Matrix {
        if let bad = indices.first(where: { $0 < 0 || $0 >= rows }) {
            throw NumericsError.outOfRange(operation: "rows", detail: "row \(bad) is outside a \(shape) matrix")
        }
        var result = [Double](repeating: 0, count: indices.count * columns)
        for j in 0..<columns {
            let base = j * rows, out = j * indices.count
            for (k, i) in indices.enumerated() { result[out + k] = storage[base + i] }
        }
        return Matrix(uncheckedRows: indices.count, columns: columns, storage: result)
    }

    /// The columns at `indices`, in that order (indices may repeat).
    /// - Throws: `NumericsError.outOfRange` for an index outside the matrix.
    public func selectingColumns(_ indices: [Int]) throws -> Matrix {
        if let bad = indices.first(where: { $0 < 0 || $0 >= columns }) {
            throw NumericsError.outOfRange(operation: "columns", detail: "column \(bad) is outside a \(shape) matrix")
        }
        var result = [Double]()
        result.reserveCapacity(indices.count * rows)
        for j in indices { result.append(contentsOf: storage[(j * rows)..<((j + 1) * rows)]) }
        return Matrix(uncheckedRows: rows, columns: indices.count, storage: result)
    }

    /// The same elements in a new shape, read and written column-major.
    /// - Throws: `NumericsError.invalidArgument` when the element count differs.
    public func reshaped(rows newRows: Int, columns newColumns: Int) throws -> Matrix {
        guard newRows >= 0, newColumns >= 0, newRows * newColumns == count else {
            throw NumericsError.invalidArgument(
                operation: "reshape", detail: "cannot reshape \(shape) (\(count) elements) to \(newRows)×\(newColumns)")
        }
        return Matrix(uncheckedRows: newRows, columns: newColumns, storage: storage)
    }

    /// Side-by-side concatenation (all operands need the same row count).
    /// - Throws: `NumericsError.shapeMismatch` when the row counts differ.
    public static func hstack(_ matrices: [Matrix]) throws -> Matrix {
        guard let first = matrices.first else { return Matrix(rows: 0, columns: 0) }
        var storage = [Double]()
        storage.reserveCapacity(matrices.reduce(0) { $0 + $1.count })
        for m in matrices {
            guard m.rows == first.rows else {
                throw NumericsError.shapeMismatch(operation: "hstack", left: first.shape, right: m.shape)
            }
            storage.append(contentsOf: m.storage)
        }
        return Matrix(uncheckedRows: first.rows, columns: matrices.reduce(0) { $0 + $1.columns }, storage: storage)
    }

    /// Top-to-bottom concatenation (all operands need the same column count).
    /// - Throws: `NumericsError.shapeMismatch` when the column counts differ.
    public static func vstack(_ matrices: [Matrix]) throws -> Matrix {
        guard let first = matrices.first else { return Matrix(rows: 0, columns: 0) }
        for m in matrices where m.columns != first.columns {
            throw NumericsError.shapeMismatch(operation: "vstack", left: first.shape, right: m.shape)
        }
        let totalRows = matrices.reduce(0) { $0 + $1.rows }
        var storage = [Double]()
        storage.reserveCapacity(totalRows * first.columns)
        for j in 0..<first.columns {
            for m in matrices { storage.append(contentsOf: m.storage[(j * m.rows)..<((j + 1) * m.rows)]) }
        }
        return Matrix(uncheckedRows: totalRows, columns: first.columns, storage: storage)
    }
}
