import Foundation
import Numerics

extension Builtins {
    static let algebra: [Builtin] = [
        Builtin("transpose", [.init("a", .matrix)], category: "Linear algebra", help: "The transpose.") { _, a in .matrix(a.matrix(0).transposed) },
        Builtin("inverse", [.init("a", .matrix)], category: "Linear algebra", help: "Inverse of a square, non-singular matrix (LU).") { _, a in
            do { return .matrix(try a.matrix(0).inverse()) } catch let failure as NumericsError {
                throw explainedSingularity(failure, "invert", instead: "pinv(a) for the pseudo-inverse")
            }
        },
        Builtin("det", [.init("a", .matrix)], category: "Linear algebra", help: "Determinant (LU).") { _, a in .number(try a.matrix(0).determinant()) },
        Builtin("solve", [.init("a", .matrix), .init("b", .any)], category: "Linear algebra",
                help: "x with a @ x = b for square, non-singular a (b a vector or a matrix).") { interpreter, a in
            do {
                if case .matrix(let b) = a.values[1] { return .matrix(try a.matrix(0).solve(b)) }
                guard let b = interpreter.vectorOperand(a.values[1]) else { throw BuiltinError("b must be a vector or a matrix", argument: 1) }
                return .vector(try a.matrix(0).solve(b))
            } catch let failure as NumericsError {
                throw explainedSingularity(failure, "solve", instead: "lstsq(a, b) for a least-squares solution")
            }
        },
        Builtin("lstsq", [.init("a", .matrix), .init("b", .numbers)], category: "Linear algebra",
                help: "Least-squares solution of a @ x ≈ b (QR with rank-revealing SVD): coefficients, rss, rank.") { _, a in
            let s = try a.matrix(0).leastSquares(a.numbers(1))
            return .record(Record([("coefficients", .vector(try s.coefficients.column(0))), ("rss", .number(s.residualSumOfSquares[0])), ("rank", .number(Double(s.rank)))]))
        },
        Builtin("svd", [.init("a", .matrix)], category: "Linear algebra", help: "Thin SVD: a record with u, s, vt.") { _, a in
            let d = try a.matrix(0).svd()
            return .record(Record([("u", .matrix(d.u)), ("s", .vector(d.singularValues)), ("vt", .matrix(d.vt))]))
        },
        Builtin("eig", [.init("a", .matrix)], category: "Linear algebra", help: "Eigenvalues (ascending) and unit eigenvectors (columns) of a square matrix: any symmetric one, or another whose eigenvalues are all real; complex eigenvalues are refused.") { _, a in
            let e = try a.matrix(0).eigen()
            return .record(Record([("values", .vector(e.eigenvalues)), ("vectors", .matrix(e.eigenvectors))]))
        },
        Builtin("cholesky", [.init("a", .matrix)], category: "Linear algebra", help: "Lower Cholesky factor of a symmetric positive-definite matrix.") { _, a in .matrix(try a.matrix(0).cholesky()) },
        Builtin("qr", [.init("a", .matrix)], category: "Linear algebra", help: "Thin QR factorisation: a record with q and r.") { _, a in
            let d = try a.matrix(0).qr()
            return .record(Record([("q", .matrix(d.q)), ("r", .matrix(d.r))]))
        },
        Builtin("rank", [.init("a", .matrix)], category: "Linear algebra", help: "Numerical rank (SVD, numpy's tolerance).") { _, a in .number(Double(try a.matrix(0).rank())) },
        Builtin("cond", [.init("a", .matrix)], category: "Linear algebra", help: "2-norm condition number.") { _, a in .number(try a.matrix(0).conditionNumber()) },
        Builtin("pinv", [.init("a", .matrix)], category: "Linear algebra", help: "Moore–Penrose pseudo-inverse.") { _, a in .matrix(try a.matrix(0).pseudoInverse()) },
        Builtin("identity", [.init("n", .integer)], category: "Linear algebra", help: "The n×n identity matrix.") { _, a in
            guard a.integer(0) >= 0, a.integer(0) <= 10_000 else { throw BuiltinError("n must be from 0 to 10000", argument: 0) }
            return .matrix(Matrix.identity(a.integer(0)))
        },
        Builtin("zeros", [.init("rows", .integer), .init("columns", .integer)], category: "Linear algebra", help: "A matrix of zeros.") { _, a in
            .matrix(try filled(a, 0))
        },
        Builtin("ones", [.init("rows", .integer), .init("columns", .integer)], category: "Linear algebra", help: "A matrix of ones.") { _, a in
            .matrix(try filled(a, 1))
        },
        Builtin("hstack", [], variadic: .matrix, category: "Linear algebra", help: "Matrices (or vectors as columns) side by side.") { _, a in
            let operands = a.rest.indices.map { stackOperand(a, $0) }
            try refuseStackTooLarge(rows: operands.first?.rows ?? 0, columns: operands.reduce(0) { $0 &+ $1.columns })
            return .matrix(try Matrix.hstack(operands))
        },
        Builtin("vstack", [], variadic: .matrix, category: "Linear algebra", help: "Matrices (or vectors as rows) one above the other.") { _, a in
            let operands = a.rest.indices.map { i in
                if case .matrix(let m) = a.rest[i] { return m }
                return stackOperand(a, i).transposed
            }
            try refuseStackTooLarge(rows: operands.reduce(0) { $0 &+ $1.rows }, columns: operands.first?.columns ?? 0)
            return .matrix(try Matrix.vstack(operands))
        },
        Builtin("shape", [.init("a", .any)], category: "Linear algebra", help: "[rows, columns] of a matrix or table; [length] of a vector.") { interpreter, a in
            switch a.values[0] {
            case .matrix(let m): return .vector([Double(m.rows), Double(m.columns)])
            case .table(let t): return .vector([Double(t.rowCount), Double(t.columnCount)])
            default:
                guard let v = interpreter.vectorOperand(a.values[0]) else { throw BuiltinError("a must be a matrix, a table or numbers", argument: 0) }
                return .vector([Double(v.count)])
            }
        },
    ]

    /// Why LU refused `a`, with what to use instead; other failures pass through.
    private static func explainedSingularity(_ failure: NumericsError, _ verb: String, instead: String) -> any Error {
        switch failure {
        case .singular:
            return BuiltinError("a is singular; use \(instead)", argument: 0)
        case .illConditioned(_, let condition):
            // Badly scaled rows (1e-10 and 1e10) land here as surely as nearly dependent ones.
            let digits = { (x: Double) in String(format: "%.2g", x) }
            return BuiltinError(
                "a is singular or too ill-conditioned to \(verb) reliably: its reciprocal condition number is \(digits(condition)), "
                    + "below machine epsilon (\(digits(.ulpOfOne))); rescale its rows or columns, or use \(instead)", argument: 0)
        default:
            return failure
        }
    }

    /// A variadic argument as a matrix; vectors and numeric columns become columns.
    private static func stackOperand(_ a: Arguments, _ i: Int) -> Matrix {
        Arguments(values: [a.rest[i]], rest: []).matrix(0)
    }

    /// Each operand is within bounds, but many of them side by side need not be.
    private static func refuseStackTooLarge(rows: Int, columns: Int) throws {
        if let refusal = tooLarge("the result", rows, columns) { throw BuiltinError(refusal) }
    }

    private static func filled(_ a: Arguments, _ value: Double) throws -> Matrix {
        let (r, c) = (a.integer(0), a.integer(1))
        guard r >= 0, c >= 0 else { throw BuiltinError("a matrix cannot have \(r) rows and \(c) columns: neither may be negative") }
        guard fitsInMemory(r, c) else { throw BuiltinError("a \(r)×\(c) matrix is too large (at most 100,000,000 elements)") }
        return Matrix(rows: r, columns: c, repeating: value)
    }

    /// Whether a rows×columns matrix is within the 100,000,000 elements (800 MB) a script may
    /// build: beyond that the allocation could fail, which ends the process instead of the statement.
    static func fitsInMemory(_ rows: Int, _ columns: Int) -> Bool {
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        return !overflow && count <= 100_000_000
    }

    /// The refusal of an operation whose result would be a rows×columns matrix too large to build.
    static func tooLarge(_ what: String, _ rows: Int, _ columns: Int) -> String? {
        fitsInMemory(rows, columns) ? nil : "\(what), a \(rows)×\(columns) matrix, is too large (at most 100,000,000 elements)"
    }
}
