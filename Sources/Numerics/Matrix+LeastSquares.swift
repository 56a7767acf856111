import CBLAS

/// The minimum-norm least-squares solution of `A·X ≈ B`, with what a
/// regression needs to report standard errors.
public struct LeastSquaresSolution: Sendable {
    /// n×r coefficients, one column per right-hand side.
    public let coefficients: Matrix
    /// The numerical rank of A (after column equilibration, see `Matrix.leastSquares`).
    public let rank: Int
    /// Singular values of the column-equilibrated A, non-increasing.
    public let singularValues: Vector
    /// The residual sum of squares ‖b − A·x‖² for each right-hand side.
    public let residualSumOfSquares: Vector
    /// (AᵀA)⁻¹, or its pseudo-inverse when A is rank-deficient: multiplied by
    /// the residual variance it is the covariance matrix of the coefficients.
    public let unscaledCovariance: Matrix
    /// Residual degrees of freedom, rows − rank.
    public let residualDegreesOfFreedom: Int
}

extension Matrix {
    /// Solves the linear least-squares problem `min ‖self·X − B‖` stably.
    ///
    /// Never forms the normal equations. Columns are first scaled to unit norm
    /// (which leaves the solution unchanged but can lower the condition number
    /// by many orders of magnitude, e.g. for polynomial designs), then factored
    /// by Householder QR (`dgeqrf`); the small triangular factor R is decomposed
    /// by SVD, which reveals the rank: singular values at or below `tolerance`
    /// (default `max(m, n) · ε · s_max`) are dropped and the minimum-norm solution
    /// is returned. With fewer rows than columns the SVD of A is used directly.
    /// - Throws: `shapeMismatch` when B has the wrong row count; `empty`;
    ///   `invalidArgument` on NaN or infinity.
    public func leastSquares(_ b: Matrix, tolerance: Double? = nil) throws -> LeastSquaresSolution {
        guard b.rows == rows else { throw NumericsError.shapeMismatch(operation: "least squares", left: shape, right: b.shape) }
        guard rows > 0, columns > 0 else { throw NumericsError.empty(operation: "least squares") }
        try LAPACK.requireFinite(self, "least squares")
        try LAPACK.requireFinite(b, "least squares")
        if rows >= columns { return try tallLeastSquares(b, tolerance: tolerance) }
        return try wideLeastSquares(b, tolerance: tolerance)
    }

    /// Solves `min ‖self·x − b‖` for one right-hand side.
    public func leastSquares(_ b: Vector, tolerance: Double? = nil) throws -> LeastSquaresSolution {
        try leastSquares(b.columnMatrix, tolerance: tolerance)
    }

    private func tallLeastSquares(_ b: Matrix, tolerance: Double?) throws -> LeastSquaresSolution {
        let (scaled, scales) = equilibratedColumns()
        var a = scaled
        var tau = [Double](repeating: 0, count: columns)
        let (m, n, nrhs) = (try LAPACK.dimension(rows, "least squares"), try LAPACK.dimension(columns, "least squares"), try LAPACK.dimension(b.columns, "least squares"))
        try LAPACK.check(LAPACKE_dgeqrf(LAPACK.columnMajor, m, n, &a, LAPACK.leading(rows), &tau), "least squares")
        var qtb = b.storage
        if b.columns > 0 {
            try LAPACK.check(
                LAPACKE_dormqr(LAPACK.columnMajor, Int8(UInt8(ascii: "L")), Int8(UInt8(ascii: "T")), m, nrhs, n, &a, LAPACK.leading(rows), tau, &qtb, LAPACK.leading(rows)),
                "least squares")
        }
        let r = Matrix.upperTriangle(of: a, rows: rows, columns: columns, keeping: columns)
        let qtbMatrix = Matrix(uncheckedRows: rows, columns: b.columns, storage: qtb)
        let head = try qtbMatrix.submatrix(rows: 0..<columns, columns: 0..<b.columns)
        let tailSquares = try qtbMatrix.submatrix(rows: columns..<rows, columns: 0..<b.columns).columnVectors.map { $0.norm * $0.norm }
        let (solution, rFactors) = try Matrix.solveThroughSVD(of: r, head, extraResidual: tailSquares, scales: scales, problemShape: shape, tolerance: tolerance)
        guard solution.rank == columns else { return try Matrix.shortestSolution(solution, rFactors, scales: scales) }
        let refinement = LeastSquaresRefinement(original: self, scales: scales, packedQR: a, tau: tau, rFactors: rFactors)
        return try refined(solution, b, refinement)
    }

    /// Refines the right-hand sides whose error bound promises fewer than ten
    /// correct digits; well-conditioned problems are returned untouched.
    private func refined(_ solution: LeastSquaresSolution, _ b: Matrix, _ refinement: LeastSquaresRefinement) throws -> LeastSquaresSolution {
        let s = solution.singularValues
        let condition = s[0] / s[s.count - 1]
        var coefficients = solution.coefficients
        var rss = solution.residualSumOfSquares
        for k in 0..<b.columns {
            let y = (0..<columns).map { coefficients[$0, k] * refinement.scales[$0] }
            let yNorm = Vector(y).norm
            let bound = LeastSquaresRefinement.errorBound(
                condition: condition, residualNorm: rss[k].squareRoot(), largestSingularValue: s[0], solutionNorm: yNorm)
            guard bound > 1e-10 else { continue }
            let (refinedY, refinedRSS) = try refinement.refine(y, for: try b.column(k).elements)
            for j in 0..<columns { coefficients[j, k] = refinedY[j] / refinement.scales[j] }
            rss[k] = refinedRSS
        }
        return LeastSquaresSolution(
            coefficients: coefficients, rank: solution.rank, singularValues: s, residualSumOfSquares: rss,
            unscaledCovariance: solution.unscaledCovariance, residualDegreesOfFreedom: solution.residualDegreesOfFreedom)
    }

    private func wideLeastSquares(_ b: Matrix, tolerance: Double?) throws -> LeastSquaresSolution {
        let ones = [Double](repeating: 1, count: columns)
        let (solution, _) = try Matrix.solveThroughSVD(of: self, b, extraResidual: Array(repeating: 0, count: b.columns), scales: ones, problemShape: shape, tolerance: tolerance)
        let residuals = try b - matmul(solution.coefficients)
        let rss = Vector(residuals.columnVectors.map { $0.norm * $0.norm })
        return LeastSquaresSolution(
            coefficients: solution.coefficients, rank: solution.rank, singularValues: solution.singularValues,
            residualSumOfSquares: rss, unscaledCovariance: solution.unscaledCovariance,
            residualDegreesOfFreedom: solution.residualDegreesOfFreedom)
    }

    /// The rank-deficient solution with the smallest ‖x‖, and the pseudo-inverse of AᵀA.
    ///
    /// The SVD of the equilibrated factor gives the smallest ‖D·x‖ instead. Both fit equally
    /// well, differing by a null vector of A: the dropped right singular vectors, scaled back
    /// by D⁻¹, span that null space, and projecting onto its orthogonal complement (P) gives
    /// the Moore–Penrose answer, as numpy's lstsq and `pseudoInverse` do. The covariance
    /// becomes P·C·P, the pseudo-inverse of AᵀA.
    private static func shortestSolution(
        _ solution: LeastSquaresSolution, _ factors: SingularValueDecomposition, scales: [Double]
    ) throws -> LeastSquaresSolution {
        let n = scales.count
        let dropped = solution.rank..<factors.vt.rows  // singular values are non-increasing
        var nullSpace = Matrix(rows: n, columns: dropped.count)
        for (k, i) in dropped.enumerated() {
            for j in 0..<n { nullSpace[j, k] = factors.vt[i, j] / scales[j] }
        }
        let basis = try nullSpace.qr().q
        func projected(_ m: Matrix) throws -> Matrix { try m - basis.matmul(basis.matmul(m, transposeSelf: true)) }
        let coefficients = try projected(solution.coefficients)
        let covariance = try projected(projected(solution.unscaledCovariance).transposed)
        return LeastSquaresSolution(
            coefficients: coefficients, rank: solution.rank, singularValues: solution.singularValues,
            residualSumOfSquares: solution.residualSumOfSquares, unscaledCovariance: covariance,
            residualDegreesOfFreedom: solution.residualDegreesOfFreedom)
    }

    /// A copy with every column scaled to unit 2-norm, and the scales used
    /// (1 for an all-zero column).
    private func equilibratedColumns() -> ([Double], [Double]) {
        var scaled = storage
        var scales = [Double](repeating: 1, count: columns)
        for j in 0..<columns {
            let range = (j * rows)..<((j + 1) * rows)
            let norm = scaled.withUnsafeBufferPointer { cblas_dnrm2(Int32(rows), $0.baseAddress! + range.lowerBound, 1) }
            guard norm > 0, norm.isFinite else { continue }
            scales[j] = norm
            let inverse = 1 / norm
            for i in range { scaled[i] *= inverse }
        }
        return (scaled, scales)
    }

    /// Minimum-norm solution of `M·y = c` via the SVD of M, undoing the column
    /// scales: x = D⁻¹·y. `extraResidual` is the part of ‖b − A·x‖² that lies
    /// outside the range of M (the tail of Qᵀb).
    static func solveThroughSVD(
        of m: Matrix, _ c: Matrix, extraResidual: [Double], scales: [Double], problemShape: Shape, tolerance: Double?
    ) throws -> (LeastSquaresSolution, SingularValueDecomposition) {
        let d = try m.svd()
        let s = d.singularValues
        let largest = s.first ?? 0
        let cutoff = tolerance ?? SingularValueDecomposition.defaultTolerance(rows: problemShape.rows, columns: problemShape.columns, largest: largest)
        let kept = s.map { $0 > cutoff }
        let rank = kept.filter { $0 }.count
        // g = Uᵀc; the dropped components of g add to the residual.
        var g = try d.u.matmul(c, transposeSelf: true)
        var rss = extraResidual
        for i in 0..<g.rows {
            for j in 0..<g.columns {
                if kept[i] { g[i, j] /= s[i] } else { rss[j] += g[i, j] * g[i, j]; g[i, j] = 0 }
            }
        }
        var x = try d.vt.matmul(g, transposeSelf: true)
        for i in 0..<x.rows {
            for j in 0..<x.columns { x[i, j] /= scales[i] }
        }
        let covariance = try unscaledCovariance(d, kept: kept, scales: scales)
        let solution = LeastSquaresSolution(
            coefficients: x, rank: rank, singularValues: s, residualSumOfSquares: Vector(rss),
            unscaledCovariance: covariance, residualDegreesOfFreedom: problemShape.rows - rank)
        return (solution, d)
    }

    /// D⁻¹·V·diag(1/s²)·Vᵀ·D⁻¹ over the kept singular values.
    private static func unscaledCovariance(_ d: SingularValueDecomposition, kept: [Bool], scales: [Double]) throws -> Matrix {
        var w = d.vt  // rows scaled by 1/s, columns by 1/scale: W = diag(1/s)·Vᵀ·D⁻¹
        for i in 0..<w.rows {
            let factor = kept[i] ? 1 / d.singularValues[i] : 0
            for j in 0..<w.columns { w[i, j] *= factor / scales[j] }
        }
        return try w.matmul(w, transposeSelf: true)
    }
}
