import CBLAS

/// Shared plumbing for the LAPACKE calls in the `Matrix+…` files.
enum LAPACK {
    static let columnMajor = Int32(LAPACK_COL_MAJOR)

    /// LAPACK loops or returns garbage on NaN and infinity; refuse them up front.
    static func requireFinite(_ m: Matrix, _ operation: String, _ name: String = "matrix") throws {
        for x in m.storage where !x.isFinite {
            throw NumericsError.invalidArgument(operation: operation, detail: "\(name) contains NaN or infinity")
        }
    }

    static func requireSquare(_ m: Matrix, _ operation: String) throws {
        guard m.isSquare else { throw NumericsError.notSquare(operation: operation, shape: m.shape) }
    }

    /// Symmetry within a relative tolerance that admits round-off from forming AᵀA.
    static func requireSymmetric(_ m: Matrix, _ operation: String) throws {
        try requireSquare(m, operation)
        guard isSymmetric(m) else { throw NumericsError.invalidArgument(operation: operation, detail: "matrix is not symmetric") }
    }

    /// Whether a square matrix is symmetric within the tolerance `requireSymmetric` admits.
    static func isSymmetric(_ m: Matrix) -> Bool {
        let scale = m.storage.reduce(0) { Swift.max($0, abs($1)) }
        let tolerance = scale * 1e-10
        for j in 0..<m.columns {
            for i in (j + 1)..<m.rows where abs(m[i, j] - m[j, i]) > tolerance { return false }
        }
        return true
    }

    /// Maps a LAPACK `info` value to an error: negative values are our bugs.
    static func check(_ info: Int32, _ operation: String) throws {
        if info < 0 {
            throw NumericsError.invalidArgument(operation: operation, detail: "LAPACK rejected argument \(-info)")
        }
        if info > 0 { throw NumericsError.noConvergence(operation: operation) }
    }

    static func dimension(_ n: Int, _ operation: String) throws -> Int32 { try BLAS.dimension(n, operation) }
    static func leading(_ rows: Int) -> Int32 { BLAS.leading(rows) }
}
