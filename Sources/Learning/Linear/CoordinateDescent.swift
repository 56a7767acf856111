import Numerics

/// Cyclic coordinate descent for the elastic net, step for step the
/// algorithm of scikit-learn 1.9's `enet_coordinate_descent` (dense,
/// cyclic, not positive-constrained), so that fits agree with it to
/// rounding rather than only to the tolerance.
///
/// Minimises ½‖y − Xw‖² + λ₁‖w‖₁ + ½λ₂‖w‖² on centred data (scikit-learn's
/// objective times n, with λ₁ = n·α·l1_ratio and λ₂ = n·α·(1 − l1_ratio)).
///
/// Stopping: after a sweep whose largest coordinate change is at most
/// `tol` times the largest coefficient (or the last allowed sweep), the
/// duality gap G is computed; the fit has converged when G ≤ tol·‖y‖².
/// G uses the dual point R·min(1, λ₁/‖XᵀR − λ₂w‖∞) when λ₁ > 0 and the
/// unconstrained dual of the ridge problem when λ₁ = 0. When λ₁ > 0, Gap
/// Safe screening (Ndiaye et al. 2017) sets to zero, for good, features
/// whose optimal coefficient is provably 0, exactly as scikit-learn does.
/// Columns with zero norm keep coefficient 0.
struct CoordinateDescent {
    let l1: Double
    let l2: Double
    let maxIterations: Int
    let tolerance: Double
    /// Checked before each sweep.
    var interruption = Interruption.never

    /// The outcome of one solve.
    struct Result {
        var coefficients: [Double]
        /// The duality gap of the objective above (not divided by n).
        var gap: Double
        /// Sweeps done (0 when the zero vector already satisfied the tolerance).
        var iterations: Int
        var converged: Bool
    }

    /// Solves for centred `x` (n×p) and centred `y`, starting from w = 0.
    func solve(_ x: Matrix, _ y: [Double]) throws -> Result {
        var state = try State(x: x, y: y, l1: l1, l2: l2)
        let scaledTolerance = tolerance * dot(y, y)
        var gap = try state.gap()
        if gap <= scaledTolerance { return Result(coefficients: state.w, gap: gap, iterations: 0, converged: true) }
        let screening = l1 > 0
        if screening { state.screen(gap: gap) }
        for sweep in 0..<maxIterations {
            try interruption.check()
            let (largest, largestChange) = state.sweep(screening: screening)
            guard largest == 0 || largestChange / largest <= tolerance || sweep == maxIterations - 1 else { continue }
            gap = try state.gap()
            if gap <= scaledTolerance { return Result(coefficients: state.w, gap: gap, iterations: sweep + 1, converged: true) }
            if screening { state.screen(gap: gap) }
        }
        return Result(coefficients: state.w, gap: gap, iterations: maxIterations, converged: false)
    }

    /// Coefficients, residuals and the screening sets during a solve.
    private struct State {
        let x: Matrix
        let y: [Double]
        let l1: Double, l2: Double
        let n: Int
        let squaredNorms: [Double]
        var w: [Double]
        var residual: [Double]
        /// Xᵀ·R − λ₂·w, as of the last gap computation (screening reads it).
        var xtA: [Double]
        var dualNorm = 0.0
        var active: [Int]
        var excluded: [Bool]

        init(x: Matrix, y: [Double], l1: Double, l2: Double) throws {
            self.x = x
            self.y = y
            self.l1 = l1
            self.l2 = l2
            n = x.rows
            squaredNorms = (0..<x.columns).map { j in x.storage[(j * x.rows)..<((j + 1) * x.rows)].reduce(0) { $0 + $1 * $1 } }
            w = [Double](repeating: 0, count: x.columns)
            residual = y
            xtA = w
            active = Array(0..<x.columns)
            excluded = [Bool](repeating: false, count: x.columns)
        }

        /// One cyclic pass over the active coordinates; returns max |wⱼ| and max |Δwⱼ|.
        mutating func sweep(screening: Bool) -> (Double, Double) {
            var largest = 0.0, largestChange = 0.0
            for j in active where squaredNorms[j] != 0 {
                let old = w[j]
                let offset = j * n
                var tmp = 0.0
                x.storage.withUnsafeBufferPointer { column in
                    for i in 0..<n { tmp += column[offset + i] * residual[i] }
                }
                tmp += old * squaredNorms[j]
                let updated = (tmp == 0 ? 0 : (tmp > 0 ? 1.0 : -1.0)) * Swift.max(abs(tmp) - l1, 0) / (squaredNorms[j] + l2)
                w[j] = updated
                if updated != old { addColumn(j, times: old - updated) }
                largestChange = Swift.max(largestChange, abs(updated - old))
                largest = Swift.max(largest, abs(updated))
            }
            return (largest, largestChange)
        }

        /// residual += factor · X[:, j]
        mutating func addColumn(_ j: Int, times factor: Double) {
            let offset = j * n
            x.storage.withUnsafeBufferPointer { column in
                for i in 0..<n { residual[i] += factor * column[offset + i] }
            }
        }

        /// The duality gap at the current w; also refreshes `xtA` and `dualNorm`.
        mutating func gap() throws -> Double {
            let wNorm2 = l2 > 0 ? dot(w, w) : 0
            let rNorm2 = dot(residual, residual)
            // One BLAS thread: OpenBLAS gives the columns at a thread split's edges to
            // other kernels, whose sums round differently, and a second thread changed
            // Xᵀr's last bits and with them where the sweeps stopped (lasso, 30 columns).
            let xtR = try NumericEnvironment.withBLASThreads(1) { try x.transposedMatmul(Vector(residual)).elements }
            if l1 == 0 {
                xtA = xtR
                dualNorm = dot(xtR, xtR)
                if l2 == 0 { return dualNorm }
                return rNorm2 + 0.5 * l2 * wNorm2 - dot(residual, y) + dualNorm / (2 * l2)
            }
            xtA = zip(xtR, w).map { $0 - l2 * $1 }
            dualNorm = xtA.reduce(0) { Swift.max($0, abs($1)) }
            let primal = 0.5 * (rNorm2 + l2 * wNorm2) + l1 * w.reduce(0) { $0 + abs($1) }
            let scale = dualNorm > l1 ? l1 / dualNorm : 1
            let dual = -0.5 * scale * scale * (rNorm2 + l2 * wNorm2) + scale * dot(residual, y)
            return primal - dual
        }

        /// Gap Safe rule: drops features whose optimal coefficient is provably 0.
        mutating func screen(gap: Double) {
            let radius = (2 * gap).squareRoot() / l1
            active.removeAll(keepingCapacity: true)
            for j in 0..<w.count where !excluded[j] {
                let correlation = xtA[j] / Swift.max(l1, dualNorm)
                let distance = (1 - abs(correlation)) / (squaredNorms[j] + l2).squareRoot()
                if squaredNorms[j] != 0, distance <= radius {
                    active.append(j)
                } else {
                    if w[j] != 0 { addColumn(j, times: w[j]) }
                    w[j] = 0
                    excluded[j] = true
                }
            }
        }
    }
}

private func dot(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
}

/// A model fitted by coordinate descent (lasso, elastic net): what they report alike.
protocol CoordinateDescentFit: LinearPredictor {
    var intercept: Double { get }
    var iterations: Int { get }
    /// The final duality gap of the 1/(2n)-scaled objective.
    var dualGap: Double { get }
    var converged: Bool { get }
}

extension CoordinateDescentFit {
    /// "N features (K nonzero)", for a summary.
    var featureCounts: String { "\(coefficients.count) features (\(coefficients.filter { $0 != 0 }.count) nonzero)" }

    /// Whether and when the sweeps converged, for a summary.
    var convergence: String {
        converged ? "converged in \(iterations) iterations" : "did not converge in \(iterations) iterations (duality gap \(dualGap))"
    }

    /// The fields both models show.
    var coordinateDescentFields: [(name: String, value: ModelField)] {
        [
            ("intercept", .number(intercept)), ("coefficients", .vector(Vector(coefficients))),
            ("iterations", .number(Double(iterations))), ("dual_gap", .number(dualGap)),
            ("converged", .number(converged ? 1 : 0)),
        ]
    }
}
