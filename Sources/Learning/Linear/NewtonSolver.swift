import Numerics

/// Damped Newton's method for a smooth, strictly convex objective: each step
/// solves H·d = g by Cholesky and backtracks (Armijo, halving) until the
/// objective decreases. Deterministic: no randomness, fixed operation order.
///
/// Stops when max |gᵢ| ≤ `tolerance` (scikit-learn's lbfgs criterion on the
/// same scaled objective) or after `maxIterations` steps. Near the optimum
/// the objective's change is rounding noise, so a full step that does not
/// increase f by more than a few ulps is accepted; convergence there is
/// quadratic, so a few steps take the gradient from 1e-2 to ~1e-15.
struct NewtonSolver {
    let maxIterations: Int
    let tolerance: Double
    /// Checked before each step.
    var interruption = Interruption.never

    struct Result {
        var solution: [Double]
        var iterations: Int
        var converged: Bool
        /// max |gᵢ| at the solution.
        var gradientNorm: Double
    }

    func minimise(_ objective: LogisticObjective) throws -> Result {
        var theta = [Double](repeating: 0, count: objective.parameterCount)
        var (probabilities, value) = try objective.evaluate(theta)
        var iterations = 0
        while true {
            try interruption.check()
            let g = try objective.gradient(theta, probabilities: probabilities)
            let norm = g.reduce(0) { Swift.max($0, abs($1)) }
            if norm <= tolerance || iterations == maxIterations {
                return Result(solution: theta, iterations: iterations, converged: norm <= tolerance, gradientNorm: norm)
            }
            let d = try Self.solve(objective.curvature(probabilities: probabilities), g)
            guard let next = try lineSearch(objective, theta, value, g, d) else {
                return Result(solution: theta, iterations: iterations, converged: false, gradientNorm: norm)
            }
            (theta, probabilities, value) = next
            iterations += 1
        }
    }

    /// θ − t·d for the first t in 1, ½, ¼, … that satisfies Armijo; nil if none does.
    private func lineSearch(
        _ objective: LogisticObjective, _ theta: [Double], _ value: Double, _ g: [Double], _ d: [Double]
    ) throws -> ([Double], Matrix, Double)? {
        let slope = zip(g, d).reduce(0) { $0 + $1.0 * $1.1 }
        var t = 1.0
        for _ in 0..<60 {
            let candidate = zip(theta, d).map { $0 - t * $1 }
            let (p, f) = try objective.evaluate(candidate)
            let roundingSlack = t == 1 ? 8 * Double.ulpOfOne * abs(value) : 0
            if f <= value - 1e-4 * t * slope + roundingSlack { return (candidate, p, f) }
            t /= 2
        }
        return nil
    }

    /// Solves H·x = b for symmetric positive definite H through H = L·Lᵀ. If
    /// rounding makes H numerically indefinite (probabilities saturated at 0
    /// or 1), a growing multiple of the identity is added until it factors.
    static func solve(_ h: Matrix, _ b: [Double]) throws -> [Double] {
        var shift = 0.0
        let scale = (0..<h.rows).reduce(0) { Swift.max($0, h[$1, $1]) }
        while true {
            do {
                let l = try (shift == 0 ? h : h + Matrix.identity(h.rows) * shift).cholesky()
                return substitute(l, b)
            } catch NumericsError.notPositiveDefinite {
                shift = shift == 0 ? 1e-12 * Swift.max(scale, 1) : shift * 10
            }
        }
    }

    /// L·Lᵀ·x = b by forward then backward substitution.
    private static func substitute(_ l: Matrix, _ b: [Double]) -> [Double] {
        let n = l.rows
        var z = b
        for i in 0..<n {
            for j in 0..<i { z[i] -= l[i, j] * z[j] }
            z[i] /= l[i, i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in (i + 1)..<n { z[i] -= l[j, i] * z[j] }
            z[i] /= l[i, i]
        }
        return z
    }
}
