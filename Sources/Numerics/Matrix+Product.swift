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
}
