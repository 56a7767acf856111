import CBLAS

#if arch(x86_64) && !os(Windows)
/// The wider type residuals are accumulated in: x87 extended precision (64-bit
/// significand) where the platform has it.
typealias ExtendedDouble = Float80
#else
typealias ExtendedDouble = Double
#endif

/// Iterative refinement of a full-rank least-squares solution on the augmented
/// system `[I A; Aᵀ 0]·[r; y] = [b; 0]` (Björck), reusing the QR factors.
///
/// A QR solution of a large-residual problem carries an error of order
/// κ²·ε·‖r‖/(‖A‖·‖y‖), which for polynomial fits such as NIST Wampler5 costs
/// several digits. Refining both the residual and the solution, with residuals
/// accumulated in extended precision, recovers them. Everything here is in the
/// column-equilibrated coordinates y = D·x of `Matrix.leastSquares`.
struct LeastSquaresRefinement {
    let original: Matrix
    let scales: [Double]
    /// Householder vectors and R as `dgeqrf` packs them, with their `tau`.
    let packedQR: [Double]
    let tau: [Double]
    /// R = U·diag(s)·Vᵀ.
    let rFactors: SingularValueDecomposition

    /// The first-order forward error bound relative to ‖y‖, per the analysis above.
    static func errorBound(condition: Double, residualNorm: Double, largestSingularValue: Double, solutionNorm: Double) -> Double {
        guard solutionNorm > 0, largestSingularValue > 0 else { return 0 }
        let eps = Double.ulpOfOne
        return condition * eps + condition * condition * eps * residualNorm / (largestSingularValue * solutionNorm)
    }

    /// Refines `y` (scaled coordinates) for right-hand side `b`; returns the
    /// refined y and residual sum of squares.
    func refine(_ y: [Double], for b: [Double], iterations: Int = 3) throws -> (y: [Double], rss: Double) {
        var y = y
        var r = residual(b, y).map { Double($0) }
        for _ in 0..<iterations {
            let f = extendedResidual(b, y, r)
            let g = transposedProduct(r).map { -$0 }
            let (dr, dy) = try solveAugmented(f: f, g: g)
            for i in r.indices { r[i] += dr[i] }
            for j in y.indices { y[j] += dy[j] }
            let change = dy.map(abs).max() ?? 0
            if change <= Double.ulpOfOne * (y.map(abs).max() ?? 0) { break }
        }
        let rss = r.reduce(0.0) { $0 + $1 * $1 }
        return (y, rss)
    }

    /// b − A_s·y accumulated in extended precision.
    private func residual(_ b: [Double], _ y: [Double]) -> [ExtendedDouble] {
        let m = original.rows
        var acc = b.map { ExtendedDouble($0) }
        original.storage.withUnsafeBufferPointer { a in
            for j in 0..<original.columns {
                let xj = ExtendedDouble(y[j]) / ExtendedDouble(scales[j])
                let base = j * m
                for i in 0..<m { acc[i] -= ExtendedDouble(a[base + i]) * xj }
            }
        }
        return acc
    }

    /// b − r − A_s·y, rounded to double once at the end.
    private func extendedResidual(_ b: [Double], _ y: [Double], _ r: [Double]) -> [Double] {
        let acc = residual(b, y)
        return zip(acc, r).map { Double($0 - ExtendedDouble($1)) }
    }

    /// A_sᵀ·r accumulated in extended precision.
    private func transposedProduct(_ r: [Double]) -> [Double] {
        let m = original.rows
        return original.storage.withUnsafeBufferPointer { a in
            (0..<original.columns).map { j in
                var s: ExtendedDouble = 0
                let base = j * m
                for i in 0..<m { s += ExtendedDouble(a[base + i]) * ExtendedDouble(r[i]) }
                return Double(s / ExtendedDouble(scales[j]))
            }
        }
    }

    /// Solves `[I A_s; A_sᵀ 0]·[δr; δy] = [f; g]` with A_s = Q·R:
    /// h = R⁻ᵀg, d = Qᵀf, δy = R⁻¹(d₁ − h), δr = Q·[h; d₂].
    private func solveAugmented(f: [Double], g: [Double]) throws -> (dr: [Double], dy: [Double]) {
        let n = original.columns
        let h = try applyInverseTransposeR(g)
        var d = try applyQ(f, transpose: true)
        let dy = try applyInverseR((0..<n).map { d[$0] - h[$0] })
        for j in 0..<n { d[j] = h[j] }
        return (try applyQ(d, transpose: false), dy)
    }

    private func applyQ(_ v: [Double], transpose: Bool) throws -> [Double] {
        var c = v
        var packed = packedQR
        let (m, n) = (try LAPACK.dimension(original.rows, "least squares"), try LAPACK.dimension(original.columns, "least squares"))
        let info = LAPACKE_dormqr(
            LAPACK.columnMajor, Int8(UInt8(ascii: "L")), Int8(UInt8(ascii: transpose ? "T" : "N")),
            m, 1, n, &packed, LAPACK.leading(original.rows), tau, &c, LAPACK.leading(original.rows))
        try LAPACK.check(info, "least squares")
        return c
    }

    /// R⁻¹·v = V·diag(1/s)·Uᵀ·v.
    private func applyInverseR(_ v: [Double]) throws -> [Double] {
        var w = try rFactors.u.transposedMatmul(Vector(v))
        for i in w.indices { w[i] /= rFactors.singularValues[i] }
        return try rFactors.vt.transposedMatmul(w).elements
    }

    /// R⁻ᵀ·v = U·diag(1/s)·Vᵀ·v.
    private func applyInverseTransposeR(_ v: [Double]) throws -> [Double] {
        var w = try rFactors.vt.matmul(Vector(v))
        for i in w.indices { w[i] /= rFactors.singularValues[i] }
        return try rFactors.u.matmul(w).elements
    }
}
