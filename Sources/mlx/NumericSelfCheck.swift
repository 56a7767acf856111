import Foundation
import Numerics

/// One correctness check of the numeric core against an answer known
/// independently of BLAS (an identity, an exact construction, a naive loop).
struct NumericSelfCheck: Sendable {
    struct Outcome {
        let passed: Bool
        let detail: String
    }

    let name: String
    let run: @Sendable () throws -> Outcome

    static let all: [NumericSelfCheck] = [product, solve, leastSquares, decompositions]

    /// A deterministic, well-scaled test matrix (no RNG: the check must not
    /// depend on anything but the code under test).
    static func testMatrix(_ rows: Int, _ columns: Int, phase: Double = 0) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for j in 0..<columns {
            for i in 0..<rows { m[i, j] = sin(Double(i * columns + j) * 0.7 + phase) }
        }
        return m
    }

    static func outcome(_ error: Double, below limit: Double) -> Outcome {
        Outcome(passed: error <= limit, detail: String(format: "error %.1e (limit %.0e)", error, limit))
    }

    static let product = NumericSelfCheck(name: "matrix product (dgemm) vs naive loop") {
        let a = testMatrix(96, 80), b = testMatrix(80, 72, phase: 1)
        let c = try a.matmul(b)
        var worst = 0.0
        for i in 0..<96 {
            for j in 0..<72 {
                let naive = (0..<80).reduce(0.0) { $0 + a[i, $1] * b[$1, j] }
                worst = max(worst, abs(c[i, j] - naive))
            }
        }
        return outcome(worst, below: 1e-12)
    }

    static let solve = NumericSelfCheck(name: "linear solve (LU) backward error") {
        let a = try testMatrix(200, 200) + Matrix.identity(200) * 20
        let x = Vector((0..<200).map { Double($0) / 10 })
        let b = try a.matmul(x)
        let solved = try a.solve(b)
        let error = try (solved - x).norm / x.norm
        return outcome(error, below: 1e-13)
    }

    static let leastSquares = NumericSelfCheck(name: "least squares: exact quintic (NIST Wampler1)") {
        let x = (0...20).map(Double.init)
        let y = Vector(x.map { v in (0...5).reduce(0.0) { $0 + pow(v, Double($1)) } })
        let design = try Matrix(columns: (0...5).map { p in Vector(x.map { pow($0, Double(p)) }) })
        let coefficients = try design.leastSquares(y).coefficients.column(0)
        let error = coefficients.map { abs($0 - 1) }.max() ?? .infinity
        return outcome(error, below: 1e-8)
    }

    static let decompositions = NumericSelfCheck(name: "SVD, QR, Cholesky, eigen reconstruct A") {
        let a = testMatrix(60, 40)
        let spd = try a.matmul(a, transposeSelf: true) + Matrix.identity(40)
        let svd = try a.svd()
        let qr = try a.qr()
        let l = try spd.cholesky()
        let eigen = try spd.symmetricEigen()
        let v = eigen.eigenvectors
        let worst = max(
            try relativeError(svd.u.matmul(Matrix.diagonal(svd.singularValues)).matmul(svd.vt), a),
            try relativeError(qr.q.matmul(qr.r), a),
            try relativeError(l.matmul(l, transposeOther: true), spd),
            try relativeError(v.matmul(Matrix.diagonal(eigen.eigenvalues)).matmul(v, transposeOther: true), spd))
        return outcome(worst, below: 1e-13)
    }

    /// The largest element-wise difference, relative to the largest element of `reference`.
    static func relativeError(_ actual: Matrix, _ reference: Matrix) throws -> Double {
        let difference = try (actual - reference).storage.map(abs).max() ?? 0
        return difference / max(reference.storage.map(abs).max() ?? 1, .leastNormalMagnitude)
    }
}
