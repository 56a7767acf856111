import CBLAS

/// A thin singular value decomposition `A = U·diag(s)·Vᵀ`.
public struct SingularValueDecomposition: Sendable {
    /// m×k with orthonormal columns, k = min(m, n).
    public let u: Matrix
    /// The k singular values, non-negative and in non-increasing order.
    public let singularValues: Vector
    /// k×n with orthonormal rows.
    public let vt: Matrix

    /// The default cut-off below which a singular value counts as zero:
    /// `max(m, n) · ε · s_max`, as numpy's `matrix_rank` and `pinv` use.
    public static func defaultTolerance(rows: Int, columns: Int, largest: Double) -> Double {
        Double(Swift.max(rows, columns)) * Double.ulpOfOne * largest
    }
}

extension Matrix {
    /// The thin SVD by divide and conquer (LAPACK `dgesdd`).
    /// - Throws: `invalidArgument` on NaN or infinity; `noConvergence` if LAPACK fails.
    public func svd() throws -> SingularValueDecomposition {
        try LAPACK.requireFinite(self, "svd")
        let k = Swift.min(rows, columns)
        guard k > 0 else {
            return SingularValueDecomposition(u: Matrix(rows: rows, columns: 0), singularValues: [], vt: Matrix(rows: 0, columns: columns))
        }
        var a = storage
        var s = [Double](repeating: 0, count: k)
        var u = [Double](repeating: 0, count: rows * k)
        var vt = [Double](repeating: 0, count: k * columns)
        let info = LAPACKE_dgesdd(
            LAPACK.columnMajor, Int8(UInt8(ascii: "S")), try LAPACK.dimension(rows, "svd"), try LAPACK.dimension(columns, "svd"),
            &a, LAPACK.leading(rows), &s, &u, LAPACK.leading(rows), &vt, LAPACK.leading(k))
        try LAPACK.check(info, "svd")
        return SingularValueDecomposition(
            u: Matrix(uncheckedRows: rows, columns: k, storage: u), singularValues: Vector(s),
            vt: Matrix(uncheckedRows: k, columns: columns, storage: vt))
    }

    /// The singular values alone, in non-increasing order (cheaper than `svd()`).
    public func singularValues() throws -> Vector {
        try LAPACK.requireFinite(self, "singular values")
        let k = Swift.min(rows, columns)
        guard k > 0 else { return [] }
        var a = storage
        var s = [Double](repeating: 0, count: k)
        var unusedU = [Double](repeating: 0, count: 1), unusedVt = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgesdd(
            LAPACK.columnMajor, Int8(UInt8(ascii: "N")), try LAPACK.dimension(rows, "singular values"), try LAPACK.dimension(columns, "singular values"),
            &a, LAPACK.leading(rows), &s, &unusedU, 1, &unusedVt, 1)
        try LAPACK.check(info, "singular values")
        return Vector(s)
    }

    /// The numerical rank: singular values above `tolerance`
    /// (default `max(m, n) · ε · s_max`).
    public func rank(tolerance: Double? = nil) throws -> Int {
        let s = try singularValues()
        guard let largest = s.first else { return 0 }
        let cutoff = tolerance ?? SingularValueDecomposition.defaultTolerance(rows: rows, columns: columns, largest: largest)
        return s.filter { $0 > cutoff }.count
    }

    /// The 2-norm condition number `s_max / s_min`; infinity for a rank-deficient matrix.
    /// - Throws: `empty` for an empty matrix.
    public func conditionNumber() throws -> Double {
        let s = try singularValues()
        guard let largest = s.first, let smallest = s.last else { throw NumericsError.empty(operation: "condition number") }
        return smallest == 0 ? .infinity : largest / smallest
    }

    /// The Moore–Penrose pseudo-inverse through the SVD; singular values at or
    /// below `tolerance` (default `max(m, n) · ε · s_max`) are treated as zero.
    public func pseudoInverse(tolerance: Double? = nil) throws -> Matrix {
        let d = try svd()
        guard let largest = d.singularValues.first else { return Matrix(rows: columns, columns: rows) }
        let cutoff = tolerance ?? SingularValueDecomposition.defaultTolerance(rows: rows, columns: columns, largest: largest)
        // pinv = V · diag(1/s) · Uᵀ: scale the rows of Vᵀ, then multiply transposed.
        var scaledVt = d.vt
        for i in 0..<d.vt.rows {
            let s = d.singularValues[i]
            let factor = s > cutoff ? 1 / s : 0
            for j in 0..<d.vt.columns { scaledVt[i, j] *= factor }
        }
        return try scaledVt.matmul(d.u, transposeSelf: true, transposeOther: true)
    }
}
