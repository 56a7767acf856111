import CBLAS

/// The eigen-decomposition of a symmetric matrix, `A = V·diag(λ)·Vᵀ`.
public struct SymmetricEigenDecomposition: Sendable {
    /// Eigenvalues in ascending order.
    public let eigenvalues: Vector
    /// Orthonormal eigenvectors as columns, in the order of `eigenvalues`.
    public let eigenvectors: Matrix
}

extension Matrix {
    /// Eigenvalues and eigenvectors of a symmetric matrix (LAPACK `dsyevd`).
    ///
    /// Each eigenvector's sign is fixed so that its largest-magnitude component
    /// is positive, making results reproducible across LAPACK builds.
    /// - Throws: `notSquare`; `invalidArgument` when not symmetric or not finite.
    public func symmetricEigen() throws -> SymmetricEigenDecomposition {
        try LAPACK.requireSymmetric(self, "eigen")
        try LAPACK.requireFinite(self, "eigen")
        guard rows > 0 else { return SymmetricEigenDecomposition(eigenvalues: [], eigenvectors: self) }
        var a = storage
        var w = [Double](repeating: 0, count: rows)
        let info = LAPACKE_dsyevd(LAPACK.columnMajor, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")), try LAPACK.dimension(rows, "eigen"), &a, LAPACK.leading(rows), &w)
        try LAPACK.check(info, "eigen")
        Matrix.normaliseSigns(&a, rows: rows, columns: columns)
        return SymmetricEigenDecomposition(eigenvalues: Vector(w), eigenvectors: Matrix(uncheckedRows: rows, columns: columns, storage: a))
    }

    /// Flips each column so that its largest-magnitude entry is positive.
    static func normaliseSigns(_ a: inout [Double], rows: Int, columns: Int) {
        for j in 0..<columns {
            let column = (j * rows)..<((j + 1) * rows)
            guard let largest = a[column].max(by: { abs($0) < abs($1) }), largest < 0 else { continue }
            for i in column { a[i] = -a[i] }
        }
    }
}
