/// Sums, means and extrema over the whole matrix or along one axis.
///
/// NaN propagates: a column containing NaN has a NaN sum, mean, minimum and
/// maximum (as in numpy). Means, minima and maxima of an empty axis throw
/// `NumericsError.empty`; sums of an empty axis are 0.
extension Matrix {
    /// The sum of all elements (SIMD blocks combined with Neumaier compensation).
    public func sum() -> Double {
        storage.withUnsafeBufferPointer { SummationKernels.sum($0) }
    }

    /// The mean of all elements.
    /// - Throws: `NumericsError.empty` for an empty matrix.
    public func mean() throws -> Double {
        guard !isEmpty else { throw NumericsError.empty(operation: "mean") }
        return sum() / Double(count)
    }

    /// One sum per column (reducing over the rows).
    public func columnSums() -> Vector {
        Vector(storage.withUnsafeBufferPointer { buffer in
            (0..<columns).map { j in SummationKernels.sum(UnsafeBufferPointer(rebasing: buffer[(j * rows)..<((j + 1) * rows)])) }
        })
    }

    /// One sum per row (reducing over the columns).
    public func rowSums() -> Vector {
        var sums = [Double](repeating: 0, count: rows)
        for j in 0..<columns {
            for i in 0..<rows { sums[i] += storage[j * rows + i] }
        }
        return Vector(sums)
    }

    /// One mean per column.
    /// - Throws: `NumericsError.empty` when the matrix has no rows.
    public func columnMeans() throws -> Vector {
        guard rows > 0 else { throw NumericsError.empty(operation: "column means") }
        return columnSums() / Double(rows)
    }

    /// One mean per row.
    /// - Throws: `NumericsError.empty` when the matrix has no columns.
    public func rowMeans() throws -> Vector {
        guard columns > 0 else { throw NumericsError.empty(operation: "row means") }
        return rowSums() / Double(columns)
    }

    /// The smallest element; NaN if any element is NaN.
    /// - Throws: `NumericsError.empty` for an empty matrix.
    public func min() throws -> Double {
        guard !isEmpty else { throw NumericsError.empty(operation: "min") }
        return Matrix.extremum(storage[...], keepSmaller: true)
    }

    /// The largest element; NaN if any element is NaN.
    /// - Throws: `NumericsError.empty` for an empty matrix.
    public func max() throws -> Double {
        guard !isEmpty else { throw NumericsError.empty(operation: "max") }
        return Matrix.extremum(storage[...], keepSmaller: false)
    }

    /// The smallest element of each column.
    public func columnMinima() throws -> Vector { try columnExtrema(keepSmaller: true) }
    /// The largest element of each column.
    public func columnMaxima() throws -> Vector { try columnExtrema(keepSmaller: false) }
    /// The smallest element of each row.
    public func rowMinima() throws -> Vector { try transposed.columnExtrema(keepSmaller: true) }
    /// The largest element of each row.
    public func rowMaxima() throws -> Vector { try transposed.columnExtrema(keepSmaller: false) }

    private func columnExtrema(keepSmaller: Bool) throws -> Vector {
        guard rows > 0 else { throw NumericsError.empty(operation: keepSmaller ? "min" : "max") }
        return Vector((0..<columns).map { j in
            Matrix.extremum(storage[(j * rows)..<((j + 1) * rows)], keepSmaller: keepSmaller)
        })
    }

    private static func extremum(_ values: ArraySlice<Double>, keepSmaller: Bool) -> Double {
        var best = values[values.startIndex]
        for x in values {
            if x.isNaN { return .nan }
            if keepSmaller ? x < best : x > best { best = x }
        }
        return best
    }
}
