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

    /// Queries handled per matrix product; bounds the block to 256 × n doubles.
    static let blockSize = 256

    init(rowMajor: [Double], rows: Int, columns: Int) {
        self.rowMajor = rowMajor
        var storage = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows { for j in 0..<columns { storage[j * rows + i] = rowMajor[i * columns + j] } }
        reference = try! Matrix(rows: rows, columns: columns, columnMajor: storage)
        squaredNorms = (0..<rows).map { i in (0..<columns).reduce(0.0) { $0 + rowMajor[i * columns + $1] * rowMajor[i * columns + $1] } }
    }

    /// The `k` nearest training rows of each query row, nearest first.
    /// - Throws: `LearningError` when the queries have the wrong number of columns.
    func neighbors(of queries: Matrix, k: Int) throws -> [[Neighbor]] {
        let p = reference.columns
        guard queries.columns == p else { throw LearningError("the model takes \(p) features, got \(queries.columns)") }
        var result = [[Neighbor]]()
        result.reserveCapacity(queries.rows)
        var start = 0
        while start < queries.rows {
            let end = Swift.min(start + Self.blockSize, queries.rows)
            let block = try queries.submatrix(rows: start..<end, columns: 0..<p)
            let products = try block.matmul(reference, transposeOther: true)
            for i in 0..<block.rows {
                let query = (0..<p).map { block[i, $0] }
                result.append(nearest(query, products: products, row: i, k: k))
            }
            start = end
        }
        return result
    }

    private func nearest(_ query: [Double], products: Matrix, row: Int, k: Int) -> [Neighbor] {
        let n = reference.rows, p = reference.columns
        let queryNorm = query.reduce(0) { $0 + $1 * $1 }
        var approximate = [Double](repeating: 0, count: n)
        for j in 0..<n { approximate[j] = queryNorm + squaredNorms[j] - 2 * products.storage[j * products.rows + row] }
        let kth = approximate.sorted()[k - 1]
        // Each approximate value is within a few (p + 2)·ε·(‖q‖² + ‖x‖²) of the
        // truth; a generous multiple keeps every possible true neighbour.
        let bound = 8 * Double(p + 2) * Double.ulpOfOne * (queryNorm + (squaredNorms.max() ?? 0))
        var candidates = [Neighbor]()
        for j in 0..<n where approximate[j] <= kth + 2 * bound {
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
