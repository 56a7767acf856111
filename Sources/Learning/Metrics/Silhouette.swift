import Numerics

/// Clustering quality without a ground truth.
public enum ClusterQuality {
    /// The mean silhouette coefficient (Euclidean), as scikit-learn's
    /// `silhouette_score`: for each row, (b − a) / max(a, b) with a the mean
    /// distance to its own cluster and b the smallest mean distance to another
    /// cluster; rows alone in their cluster score 0.
    /// - Throws: `LearningError` with fewer than 2 or more than n − 1 clusters, or over 20,000 rows
    ///   (the computation is quadratic).
    public static func silhouette(_ x: Matrix, labels: [Int]) throws -> Double {
        let n = x.rows
        let clusters = Set(labels)
        guard clusters.count >= 2, clusters.count <= n - 1 else {
            throw LearningError("the silhouette needs from 2 to n − 1 clusters, found \(clusters.count)")
        }
        guard n <= 20_000 else { throw LearningError("the silhouette is quadratic in the rows; sample at most 20,000 rows") }
        let k = (labels.max() ?? 0) + 1
        var sizes = [Int](repeating: 0, count: k)
        for l in labels { sizes[l] += 1 }
        let squaredNorms = (0..<n).map { i in (0..<x.columns).reduce(0.0) { $0 + x[i, $1] * x[i, $1] } }
        let gram = try x.matmul(x, transposeOther: true)
        var total = 0.0
        for i in 0..<n {
            var sums = [Double](repeating: 0, count: k)
            for j in 0..<n where j != i {
                // ‖a − b‖² from the Gram matrix, clamped: rounding can make it slightly negative.
                let d2 = Swift.max(0, squaredNorms[i] + squaredNorms[j] - 2 * gram[i, j])
                sums[labels[j]] += d2.squareRoot()
            }
            let own = labels[i]
            guard sizes[own] > 1 else { continue }
            let a = sums[own] / Double(sizes[own] - 1)
            let b = (0..<k).filter { $0 != own && sizes[$0] > 0 }.map { sums[$0] / Double(sizes[$0]) }.min() ?? 0
            total += (b - a) / Swift.max(a, b)
        }
        return total / Double(n)
    }

    /// Sum of squared distances of rows to the given centres (rows of `centres`).
    public static func inertia(_ x: Matrix, labels: [Int], centres: Matrix) -> Double {
        var total = 0.0
        for i in 0..<x.rows {
            for j in 0..<x.columns {
                let d = x[i, j] - centres[labels[i], j]
                total += d * d
            }
        }
        return total
    }
}
