import CBLAS

/// A thin QR factorisation `A·P = Q·R` (P is the identity without pivoting).
public struct QRDecomposition: Sendable {
    /// m×k with orthonormal columns, k = min(m, n).
    public let q: Matrix
    /// k×n upper triangular (upper trapezoidal when n > m).
    public let r: Matrix
    /// Zero-based column order: column `j` of Q·R is column `permutation[j]` of A.
    public let permutation: [Int]
}

extension Matrix {
    /// The thin Householder QR factorisation (LAPACK `dgeqrf`/`dorgqr`), or
    /// with `pivoting` the rank-revealing variant with column pivoting (`dgeqp3`),
    /// whose R has diagonal magnitudes in non-increasing order.
    /// - Throws: `invalidArgument` on NaN or infinity.
    public func qr(pivoting: Bool = false) throws -> QRDecomposition {
        try LAPACK.requireFinite(self, "qr")
        let k = Swift.min(rows, columns)
        guard k > 0 else {
            return QRDecomposition(q: Matrix(rows: rows, columns: 0), r: Matrix(rows: 0, columns: columns), permutation: Array(0..<columns))
        }
        let (m, n) = (try LAPACK.dimension(rows, "qr"), try LAPACK.dimension(columns, "qr"))
        var a = storage
        var tau = [Double](repeating: 0, count: k)
        var pivots = [Int32](repeating: 0, count: columns)
        let info = pivoting
            ? LAPACKE_dgeqp3(LAPACK.columnMajor, m, n, &a, LAPACK.leading(rows), &pivots, &tau)
            : LAPACKE_dgeqrf(LAPACK.columnMajor, m, n, &a, LAPACK.leading(rows), &tau)
        try LAPACK.check(info, "qr")
        let r = Matrix.upperTriangle(of: a, rows: rows, columns: columns, keeping: k)
        var q = Array(a[0..<(rows * k)])
        try LAPACK.check(LAPACKE_dorgqr(LAPACK.columnMajor, m, Int32(k), Int32(k), &q, LAPACK.leading(rows), tau), "qr")
        let permutation = pivoting ? pivots.map { Int($0) - 1 } : Array(0..<columns)
        return QRDecomposition(q: Matrix(uncheckedRows: rows, columns: k, storage: q), r: r, permutation: permutation)
    }

    /// The top `k` rows of a packed factorisation, with the lower part cleared.
    static func upperTriangle(of a: [Double], rows: Int, columns: Int, keeping k: Int) -> Matrix {
        var r = [Double](repeating: 0, count: k * columns)
        for j in 0..<columns {
            for i in 0...Swift.min(j, k - 1) { r[j * k + i] = a[j * rows + i] }
        }
        return Matrix(uncheckedRows: k, columns: columns, storage: r)
    }
}
