import Dispatch
import Numerics

/// Brute-force k-nearest-neighbour search in Euclidean distance.
///
/// Squared distances are first computed for a block of queries at once with the
/// matrix-product identity ‖q − x‖² = ‖q‖² + ‖x‖² − 2q·x (one BLAS call per
/// block). That identity loses accuracy to cancellation when points are close,
/// so it is used only to pick candidates: every training row whose approximate
/// distance is within a rounding bound of the k-th smallest is re-measured
/// exactly as Σ(qᵢ − xᵢ)², and the k nearest are taken from those.
///
/// Order and ties: neighbours are sorted by exact distance, then by training
/// row index, so among equidistant rows the earlier one wins, as in
/// scikit-learn's brute-force search. Results do not depend on the block size.
struct NeighborSearch: Sendable {
    /// Training rows, row-major, for the exact re-measurement.
    let rowMajor: [Double]
    /// Training rows as a matrix, for the block products.
    let reference: Matrix
    let squaredNorms: [Double]

    /// Doubles of query–training products held at once (8 MB, so a block
    /// stays in cache between the product and the scan); this fixes the
    /// queries per block. Results do not depend on it.
    static let blockBudget = 1_000_000

    init(rowMajor: [Double], rows: Int, columns: Int) {
        self.rowMajor = rowMajor
        var storage = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows { for j in 0..<columns { storage[j * rows + i] = rowMajor[i * columns + j] } }
        reference = try! Matrix(rows: rows, columns: columns, columnMajor: storage)
        squaredNorms = (0..<rows).map { i in (0..<columns).reduce(0.0) { $0 + rowMajor[i * columns + $1] * rowMajor[i * columns + $1] } }
    }

    /// The `k` nearest training rows of each query row, nearest first.
    ///
    /// Per block, one product X·Qᵀ (n × block, so each query's products are
    /// contiguous), then the block's queries are searched on two threads;
    /// each query's result depends only on that query, so threads do not
    /// change it.
    /// - Throws: `LearningError` when the queries have the wrong number of columns.
    func neighbors(of queries: Matrix, k: Int) throws -> [[Neighbor]] {
        let p = reference.columns
        guard queries.columns == p else { throw LearningError("the model takes \(p) features, got \(queries.columns)") }
        let results = ParallelResults<[Neighbor]>(count: queries.rows)
        let blockSize = Swift.max(8, Swift.min(1024, Self.blockBudget / Swift.max(1, reference.rows)))
        let normBound = 8 * Double(p + 2) * Double.ulpOfOne * (squaredNorms.max() ?? 0)
        var start = 0
        while start < queries.rows {
            let end = Swift.min(start + blockSize, queries.rows)
            let block = try queries.submatrix(rows: start..<end, columns: 0..<p)
            let products = try reference.matmul(block, transposeOther: true)
            let workers = block.rows >= 8 ? 2 : 1, first = start
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var scratch = [Double](repeating: 0, count: reference.rows)
                for i in stride(from: worker, to: block.rows, by: workers) {
                    let query = (0..<p).map { block[i, $0] }
                    results.set(first + i, nearest(query, products: products, column: i, k: k, normBound: normBound, scratch: &scratch))
                }
            }
            start = end
        }
        return results.values
    }

    /// The k nearest of one query; column `column` of `products` holds its
    /// products with every training row, `scratch` has room for n values.
    private func nearest(
        _ query: [Double], products: Matrix, column: Int, k: Int, normBound: Double, scratch: inout [Double]
    ) -> [Neighbor] {
        let n = reference.rows, p = reference.columns
        let queryNorm = query.reduce(0) { $0 + $1 * $1 }
        // The k smallest approximate values, ascending, kept by insertion:
        // one pass instead of sorting all n (k is small). The k-th is the
        // same value a full sort would give.
        var smallest = [Double](repeating: .infinity, count: k)
        smallest.withUnsafeMutableBufferPointer { smallest in
            products.storage.withUnsafeBufferPointer { all in
                squaredNorms.withUnsafeBufferPointer { norms in
                    scratch.withUnsafeMutableBufferPointer { approximate in
                        let base = column * n
                        var worst = Double.infinity
                        for j in 0..<n {
                            let a = queryNorm + norms[j] - 2 * all[base + j]
                            approximate[j] = a
                            guard a < worst else { continue }
                            var slot = k - 1
                            while slot > 0, smallest[slot - 1] > a {
                                smallest[slot] = smallest[slot - 1]
                                slot -= 1
                            }
                            smallest[slot] = a
                            worst = smallest[k - 1]
                        }
                    }
                }
            }
        }
        let kth = smallest[k - 1]
        // Each approximate value is within a few (p + 2)·ε·(‖q‖² + ‖x‖²) of the
        // truth; a generous multiple keeps every possible true neighbour.
        let bound = 8 * Double(p + 2) * Double.ulpOfOne * queryNorm + normBound
        var candidates = [Neighbor]()
        for j in 0..<n where scratch[j] <= kth + 2 * bound {
            var sum = 0.0
            for l in 0..<p {
                let d = query[l] - rowMajor[j * p + l]
                sum += d * d
            }
            candidates.append(Neighbor(index: j, distance: sum))
        }
        candidates.sort { ($0.distance, $0.index) < ($1.distance, $1.index) }
        return candidates.prefix(k).map { Neighbor(index: $0.index, distance: $0.distance.squareRoot()) }
    }
}
