import CBLAS
import Foundation

/// An LU factorisation with partial pivoting, `P·A = L·U` (LAPACK `dgetrf`).
public struct LUDecomposition: Sendable {
    /// L (unit lower, below the diagonal) and U (on and above it), packed as LAPACK returns them.
    public let factors: Matrix
    /// One-based row interchanges: row i was swapped with row `pivots[i]`.
    public let pivots: [Int32]
    /// True when U has an exactly zero diagonal element.
    public let isSingular: Bool

    /// The determinant: the product of U's diagonal, signed by the permutation.
    /// It may overflow to ±infinity for large matrices; `logDeterminant` does not.
    public var determinant: Double {
        var product = 1.0
        for i in 0..<factors.rows {
            product *= factors[i, i]
            if pivots[i] != Int32(i + 1) { product = -product }
        }
        return product
    }

    /// The sign (−1, 0 or 1) and natural log of the absolute determinant,
    /// which stays finite where the determinant itself would overflow.
    public var logDeterminant: (sign: Double, logAbs: Double) {
        var sign = 1.0, logAbs = 0.0
        for i in 0..<factors.rows {
            let u = factors[i, i]
            if u == 0 { return (0, -.infinity) }
            if u < 0 { sign = -sign }
            if pivots[i] != Int32(i + 1) { sign = -sign }
            logAbs += Foundation.log(abs(u))
        }
        return (sign, logAbs)
    }
}

extension Matrix {
    /// The LU factorisation of a square matrix.
    /// - Throws: `notSquare`; `invalidArgument` on NaN or infinity.
    public func lu() throws -> LUDecomposition {
        try LAPACK.requireSquare(self, "lu")
        try LAPACK.requireFinite(self, "lu")
        var a = storage
        var pivots = [Int32](repeating: 0, count: rows)
        let n = try LAPACK.dimension(rows, "lu")
        let info = LAPACKE_dgetrf(LAPACK.columnMajor, n, n, &a, LAPACK.leading(rows), &pivots)
        if info < 0 { try LAPACK.check(info, "lu") }
        return LUDecomposition(factors: Matrix(uncheckedRows: rows, columns: columns, storage: a), pivots: pivots, isSingular: info > 0)
    }

    /// The determinant (0 for a singular matrix, 1 for a 0×0 matrix).
    /// - Throws: `notSquare`; `invalidArgument` on NaN or infinity.
    public func determinant() throws -> Double {
        rows == 0 && columns == 0 ? 1 : try lu().determinant
    }

    /// Solves `self · X = B` for a square, non-singular `self`.
    ///
    /// Refuses matrices that are singular to working precision (reciprocal
    /// condition number below machine epsilon), where the answer would be noise.
    /// - Throws: `notSquare`, `shapeMismatch`, `singular`, `illConditioned`; `invalidArgument`
    ///   on NaN or infinity, naming `b` when it holds them.
    public func solve(_ b: Matrix) throws -> Matrix {
        try LAPACK.requireSquare(self, "solve")
        guard b.rows == rows else { throw NumericsError.shapeMismatch(operation: "solve", left: shape, right: b.shape) }
        try LAPACK.requireFinite(b, "solve", "b")
        let factorisation = try wellConditionedLU("solve")
        var x = b.storage
        guard rows > 0, b.columns > 0 else { return b }
        let n = try LAPACK.dimension(rows, "solve"), nrhs = try LAPACK.dimension(b.columns, "solve")
        var factors = factorisation.factors.storage
        var pivots = factorisation.pivots
        let info = LAPACKE_dgetrs(LAPACK.columnMajor, Int8(UInt8(ascii: "N")), n, nrhs, &factors, LAPACK.leading(rows), &pivots, &x, LAPACK.leading(rows))
        try LAPACK.check(info, "solve")
        return Matrix(uncheckedRows: b.rows, columns: b.columns, storage: x)
    }

    /// Solves `self · x = b` for one right-hand side.
    public func solve(_ b: Vector) throws -> Vector {
        Vector(try solve(b.columnMatrix).storage)
    }

    /// The inverse of a square, non-singular matrix.
    /// - Throws: `notSquare`, `singular`, `illConditioned`; `invalidArgument` on NaN or infinity.
    public func inverse() throws -> Matrix {
        try LAPACK.requireSquare(self, "inverse")
        guard rows > 0 else { return self }
        let factorisation = try wellConditionedLU("inverse")
        var a = factorisation.factors.storage
        var pivots = factorisation.pivots
        let info = LAPACKE_dgetri(LAPACK.columnMajor, try LAPACK.dimension(rows, "inverse"), &a, LAPACK.leading(rows), &pivots)
        if info > 0 { throw NumericsError.singular(operation: "inverse") }
        try LAPACK.check(info, "inverse")
        return Matrix(uncheckedRows: rows, columns: columns, storage: a)
    }

    /// The reciprocal condition number in the 1-norm, estimated by LAPACK `dgecon`.
    /// 0 for a singular matrix.
    public func reciprocalCondition() throws -> Double {
        try LAPACK.requireSquare(self, "condition")
        guard rows > 0 else { return 1 }
        return try reciprocalCondition(of: lu())
    }

    private func reciprocalCondition(of factorisation: LUDecomposition) throws -> Double {
        if factorisation.isSingular { return 0 }
        let anorm = (0..<columns).map { j in (0..<rows).reduce(0.0) { $0 + abs(self[$1, j]) } }.max() ?? 0
        var factors = factorisation.factors.storage
        var rcond = 0.0
        let info = LAPACKE_dgecon(LAPACK.columnMajor, Int8(UInt8(ascii: "1")), try LAPACK.dimension(rows, "condition"), &factors, LAPACK.leading(rows), anorm, &rcond)
        try LAPACK.check(info, "condition")
        return rcond
    }

    private func wellConditionedLU(_ operation: String) throws -> LUDecomposition {
        let factorisation: LUDecomposition
        do { factorisation = try lu() } catch NumericsError.invalidArgument(_, let detail) {
            throw NumericsError.invalidArgument(operation: operation, detail: detail)
        }
        if factorisation.isSingular { throw NumericsError.singular(operation: operation) }
        let condition = try reciprocalCondition(of: factorisation)
        guard condition >= Double.ulpOfOne else {
            throw NumericsError.illConditioned(operation: operation, reciprocalCondition: condition)
        }
        return factorisation
    }
}
