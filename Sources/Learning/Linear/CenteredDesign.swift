import Numerics

/// Features and target with their means removed, the way scikit-learn's
/// linear models prepare data so that the intercept is left unpenalised:
/// the penalised problem is solved on centred data and the intercept
/// recovered afterwards as `mean(y) − mean(X)·w`.
///
/// A column whose values are all equal is centred to exact zeros (its mean
/// is taken to be that value), so every estimator gives it a coefficient of
/// exactly 0 rather than rounding noise from `mean − value ≈ 1e-17`.
struct CenteredDesign: Sendable {
    /// The n×p centred feature matrix (column-major).
    let features: Matrix
    /// The centred target.
    let target: [Double]
    let featureMeans: [Double]
    let targetMean: Double

    init(features x: Matrix, target y: [Double]) throws {
        let n = x.rows
        var storage = x.storage
        var means = [Double](repeating: 0, count: x.columns)
        for j in 0..<x.columns {
            let column = storage[(j * n)..<((j + 1) * n)]
            let first = column[column.startIndex]
            means[j] = column.allSatisfy { $0 == first } ? first : try column.mean()
            for i in (j * n)..<((j + 1) * n) { storage[i] -= means[j] }
        }
        let targetMean = try y.mean()
        features = try Matrix(rows: n, columns: x.columns, columnMajor: storage)
        target = y.map { $0 - targetMean }
        featureMeans = means
        self.targetMean = targetMean
    }

    /// The intercept that goes with coefficients `w` fitted on the centred data.
    func intercept(for w: [Double]) -> Double {
        targetMean - zip(featureMeans, w).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
