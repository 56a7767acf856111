import CBLAS

/// The eigen-decomposition of a symmetric matrix, `A = V·diag(λ)·Vᵀ`.
public struct SymmetricEigenDecomposition: Sendable {
    /// Eigenvalues in ascending order.
    public let eigenvalues: Vector
    /// Orthonormal eigenvectors as columns, in the order of `eigenvalues`.
    public let eigenvectors: Matrix
}

/// The eigen-decomposition of a square matrix whose eigenvalues are all real, `A·V = V·diag(λ)`.
public struct EigenDecomposition: Sendable {
    /// Eigenvalues in ascending order, each repeated as often as it occurs.
    public let eigenvalues: Vector
    /// Eigenvectors of unit length as columns, in the order of `eigenvalues`; orthonormal when
    /// the matrix is symmetric.
    public let eigenvectors: Matrix
    /// Whether the matrix was symmetric (within round-off), so `eigenvectors` is orthogonal.
    public let symmetric: Bool
}

extension Matrix {
    /// Eigenvalues and eigenvectors of any square matrix: a symmetric one through `symmetricEigen`,
    /// any other through LAPACK `dgeev`, sorted ascending, each eigenvector of unit length with its
    /// largest-magnitude component positive.
    /// - Throws: `notSquare`; `invalidArgument` when not finite, or when some eigenvalues are
    ///   complex, which a real vector cannot hold (the message gives the first pair).
    public func eigen() throws -> EigenDecomposition {
        try LAPACK.requireSquare(self, "eigen")
        if LAPACK.isSymmetric(self) {
            let e = try symmetricEigen()
            return EigenDecomposition(eigenvalues: e.eigenvalues, eigenvectors: e.eigenvectors, symmetric: true)
        }
        try LAPACK.requireFinite(self, "eigen")
        let n = rows
        var a = storage
        var real = [Double](repeating: 0, count: n), imaginary = [Double](repeating: 0, count: n)
        var left = [Double](repeating: 0, count: 1), right = [Double](repeating: 0, count: n * n)
        let none = Int8(UInt8(ascii: "N")), vectors = Int8(UInt8(ascii: "V"))
        let info = LAPACKE_dgeev(LAPACK.columnMajor, none, vectors, try LAPACK.dimension(n, "eigen"), &a, LAPACK.leading(n),
                                 &real, &imaginary, &left, 1, &right, LAPACK.leading(n))
        try LAPACK.check(info, "eigen")
        if let j = imaginary.firstIndex(where: { $0 != 0 }) {
            let pair = "\(real[j]) ± \(abs(imaginary[j]))i"
            throw NumericsError.invalidArgument(operation: "eigen", detail: "the matrix has complex eigenvalues (\(pair)), which mlx's real numbers cannot hold")
        }
        let order = real.indices.sorted { (real[$0], $0) < (real[$1], $1) }
        var sorted = [Double](repeating: 0, count: n * n)
        for (k, j) in order.enumerated() { sorted[(k * n)..<((k + 1) * n)] = right[(j * n)..<((j + 1) * n)] }
        Matrix.normaliseSigns(&sorted, rows: n, columns: n)
        return EigenDecomposition(eigenvalues: Vector(order.map { real[$0] }), eigenvectors: Matrix(uncheckedRows: n, columns: n, storage: sorted), symmetric: false)
    }

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
