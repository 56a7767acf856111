import CBLAS

extension Matrix {
    /// The lower-triangular Cholesky factor L with `self = L·Lᵀ` (LAPACK `dpotrf`).
    /// - Throws: `notSquare`; `invalidArgument` when not symmetric or not finite;
    ///   `notPositiveDefinite` when a leading minor is not positive.
    public func cholesky() throws -> Matrix {
        try LAPACK.requireSymmetric(self, "cholesky")
        try LAPACK.requireFinite(self, "cholesky")
        guard rows > 0 else { return self }
        var a = storage
        let info = LAPACKE_dpotrf(LAPACK.columnMajor, Int8(UInt8(ascii: "L")), try LAPACK.dimension(rows, "cholesky"), &a, LAPACK.leading(rows))
        if info > 0 { throw NumericsError.notPositiveDefinite(operation: "cholesky") }
        try LAPACK.check(info, "cholesky")
        // dpotrf leaves the strict upper triangle untouched; clear it so L is what it says.
        for j in 1..<Swift.max(columns, 1) {
            for i in 0..<j { a[j * rows + i] = 0 }
        }
        return Matrix(uncheckedRows: rows, columns: columns, storage: a)
    }
}
