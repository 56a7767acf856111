/// Matrix products through BLAS (`dgemm`, `dgemv`).
extension Matrix {
    /// The matrix product `op(self) · op(other)`, where `op` optionally transposes.
    ///
    /// Transposition is passed to BLAS, so `a.matmul(a, transposeSelf: true)`
    /// forms AᵀA without materialising Aᵀ. Empty inner dimensions give a zero
    /// matrix of the outer shape.
    /// - Throws: `NumericsError.shapeMismatch` when the inner dimensions differ.
    public func matmul(_ other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) throws -> Matrix {
        let (m, k) = transposeSelf ? (columns, rows) : (rows, columns)
        let (k2, n) = transposeOther ? (other.columns, other.rows) : (other.rows, other.columns)
        guard k == k2 else {
            throw NumericsError.shapeMismatch(operation: "@", left: Shape(m, k), right: Shape(k2, n))
        }
        let c = try BLAS.gemm(self, transposeA: transposeSelf, other, transposeB: transposeOther, rows: m, columns: n, inner: k)
        return Matrix(uncheckedRows: m, columns: n, storage: c)
    }

    /// The matrix–vector product `self · x`.
    /// - Throws: `NumericsError.shapeMismatch` when `x` has the wrong length.
    public func matmul(_ x: Vector) throws -> Vector {
        guard x.count == columns else {
            throw NumericsError.shapeMismatch(operation: "@", left: shape, right: Shape(x.count, 1))
        }
        return Vector(try BLAS.gemv(self, transpose: false, x.elements))
    }

    /// The product `selfᵀ · x`, without forming the transpose.
    public func transposedMatmul(_ x: Vector) throws -> Vector {
        guard x.count == rows else {
            throw NumericsError.shapeMismatch(operation: "@", left: Shape(columns, rows), right: Shape(x.count, 1))
        }
        return Vector(try BLAS.gemv(self, transpose: true, x.elements))
    }

    /// Writes `self[rows, :] · other[otherRows, :]ᵀ` into `tile`, column-major
    /// with `rows.count` rows: column c holds row `otherRows.lowerBound + c` of
    /// `other` against the selected rows of `self`.
    ///
    /// For callers that stream a product too large to keep (all queries against
    /// all training rows) through a cache-sized buffer, consuming each tile
    /// while it is still in cache. Runs with the BLAS thread count in effect;
    /// callers that work on tiles in parallel run on one BLAS thread
    /// (`NumericEnvironment.withBLASThreads`).
    /// - Throws: `NumericsError.shapeMismatch` when the column counts differ,
    ///   `NumericsError.invalidArgument` when a range or the tile does not fit.
    public func productTile(
        rows: Range<Int>, timesTransposed other: Matrix, rows otherRows: Range<Int>, into tile: UnsafeMutableBufferPointer<Double>
    ) throws {
        guard columns == other.columns else {
            throw NumericsError.shapeMismatch(operation: "product tile", left: Shape(rows.count, columns), right: Shape(other.columns, otherRows.count))
        }
        guard rows.lowerBound >= 0, rows.upperBound <= self.rows, otherRows.lowerBound >= 0, otherRows.upperBound <= other.rows,
            tile.count >= rows.count * otherRows.count
        else {
            throw NumericsError.invalidArgument(operation: "product tile", detail: "rows \(rows) of \(shape) and \(otherRows) of \(other.shape) do not fit a tile of \(tile.count)")
        }
        guard !rows.isEmpty, !otherRows.isEmpty else { return }
        guard columns > 0 else {
            tile.baseAddress!.update(repeating: 0, count: rows.count * otherRows.count)
            return
        }
        _ = (try BLAS.dimension(self.rows, "product tile"), try BLAS.dimension(other.rows, "product tile"), try BLAS.dimension(columns, "product tile"))
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                BLAS.product(
                    a.baseAddress! + rows.lowerBound, leadingA: self.rows, transposeA: false,
                    b.baseAddress! + otherRows.lowerBound, leadingB: other.rows, transposeB: true,
                    into: tile.baseAddress!, leadingC: rows.count, rows: rows.count, columns: otherRows.count, inner: columns, accumulate: false)
            }
        }
    }
}
