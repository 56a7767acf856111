import Dispatch
import Numerics

/// Brute-force k-nearest-neighbour search in Euclidean distance.
///
/// Distances are first screened with the matrix-product identity: for a query
/// q and a training row x, ‖x‖² − 2q·x (which is ‖q − x‖² − ‖q‖²) comes out
/// of one product of [−2X ‖x‖²] with [Q 1]ᵀ. The product is streamed: tiles
/// of `tileSize` training rows × `tileSize` queries are written to a
/// cache-sized buffer and scanned while still in cache, so the full queries ×
/// rows product never exists. The identity loses accuracy to cancellation
/// when points are close, so it only picks candidates: every training row
/// whose screening value is within a rounding bound of the k-th smallest is
/// re-measured exactly as Σ(qᵢ − xᵢ)², and the k nearest are taken from those.
///
/// Order and ties: neighbours are sorted by exact distance, then by training
/// row index, so among equidistant rows the earlier one wins, as in
/// scikit-learn's brute-force search. Results depend neither on the tile size
/// nor on the thread count.
struct NeighborSearch: Sendable {
    /// Training rows, row-major, for the exact re-measurement.
    let rowMajor: [Double]
    /// [−2X ‖x‖²]: n × (p + 1), the training side of the screening product.
    let screening: Matrix
    let featureCount: Int
    /// The rounding bound's share from the training rows: 8(p + 2)·ε·max ‖x‖².
    let normBound: Double

    /// Training rows and queries per tile: 256 × 256 doubles (512 KB) stay in
    /// a core's L2 cache between the product and the scan. Results do not
    /// depend on it.
    static let tileSize = 256

    init(rowMajor: [Double], rows: Int, columns: Int) {
        self.rowMajor = rowMajor
        featureCount = columns
        var storage = [Double](repeating: 0, count: rows * (columns + 1))
        var largest = 0.0
        for i in 0..<rows {
            var norm = 0.0
            for j in 0..<columns {
                let value = rowMajor[i * columns + j]
                storage[j * rows + i] = -2 * value
                norm += value * value
            }
            storage[columns * rows + i] = norm
            largest = Swift.max(largest, norm)
        }
        screening = try! Matrix(rows: rows, columns: columns + 1, columnMajor: storage)
        normBound = 8 * Double(columns + 2) * Double.ulpOfOne * largest
    }

    /// The `k` nearest training rows of each query row, nearest first.
    ///
    /// Blocks of `tileSize` queries are searched on two threads, each calling
    /// single-threaded BLAS; a query's result depends only on that query.
    /// - Throws: `LearningError` when the queries have the wrong number of columns;
    ///   `TrainingInterrupted` when `interruption` asked it to stop (checked before each block).
    func neighbors(of queries: Matrix, k: Int, interruption: Interruption = .never) throws -> [[Neighbor]] {
        let p = featureCount
        guard queries.columns == p else { throw LearningError("the model takes \(p) features, got \(queries.columns)") }
        let augmented = try Matrix.hstack([queries, Matrix(rows: queries.rows, columns: 1, repeating: 1)])
        let blocks = stride(from: 0, to: queries.rows, by: Self.tileSize).map { $0..<Swift.min($0 + Self.tileSize, queries.rows) }
        let outcomes = ParallelResults<Result<[[Neighbor]], any Error>>(count: blocks.count)
        let workers = Swift.min(2, blocks.count)
        NumericEnvironment.withBLASThreads(1) {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var tile = [Double](repeating: 0, count: Self.tileSize * Self.tileSize)
                for b in stride(from: worker, to: blocks.count, by: workers) {
                    outcomes.set(b, Result {
                        try interruption.check()
                        return try nearest(blocks[b], of: augmented, k: k, tile: &tile)
                    })
                }
            }
        }
        return try outcomes.values.flatMap { try $0.get() }
    }

    /// The k nearest of the queries in `block` (rows of [Q 1]).
    private func nearest(_ block: Range<Int>, of augmented: Matrix, k: Int, tile: inout [Double]) throws -> [[Neighbor]] {
        let p = featureCount, n = screening.rows
        let queries = block.map { i in (0..<p).map { augmented[i, $0] } }
        // Each screening value is within (p + 2)·ε·(3‖x‖² + ‖q‖²) of the truth; a
        // generous multiple of that keeps every possible true neighbour.
        var selections = queries.map { query in
            let bound = 8 * Double(p + 2) * Double.ulpOfOne * query.reduce(0) { $0 + $1 * $1 } + normBound
            return CandidateSelection(k: k, margin: 2 * bound)
        }
        var start = 0
        while start < n {
            let rows = start..<Swift.min(start + Self.tileSize, n)
            try tile.withUnsafeMutableBufferPointer { tile in
                try screening.productTile(rows: rows, timesTransposed: augmented, rows: block, into: tile)
                for c in selections.indices {
                    selections[c].scan(UnsafeBufferPointer(start: tile.baseAddress! + c * rows.count, count: rows.count), firstRow: start)
                }
            }
            start = rows.upperBound
        }
        return zip(queries, selections).map { query, selection in measured(query, selection.candidates(), k: k) }
    }

    /// The k nearest of `candidates`, by exact distance then row index.
    private func measured(_ query: [Double], _ candidates: [Int], k: Int) -> [Neighbor] {
        let p = featureCount
        var found = candidates.map { j in
            var sum = 0.0
            for l in 0..<p {
                let d = query[l] - rowMajor[j * p + l]
                sum += d * d
            }
            return Neighbor(index: j, distance: sum)
        }
        found.sort { ($0.distance, $0.index) < ($1.distance, $1.index) }
        return found.prefix(k).map { Neighbor(index: $0.index, distance: $0.distance.squareRoot()) }
    }
}
