import Dispatch
import Numerics

/// Every feature's rows in increasing value order, ties by row index: sorted
/// once per fit and shared by all of a forest's trees, so that a tree's sample
/// is put in order by filtering (`SampleLists`), in O(n) per feature, instead
/// of sorting at every node.
///
/// Ties by row index keep what the per-node sort guaranteed: equal values stay
/// in row order, which fixes the order in which regression trees sum targets.
struct FeatureOrder: Sendable {
    /// rows[f]: every row of x, by x[row, f] then row.
    let rows: [[Int32]]
    /// values[f][i] = x[rows[f][i], f], so that trees read values in order
    /// instead of gathering them from the column.
    let values: [[Double]]

    init(_ x: Matrix) {
        precondition(x.rows <= Int(Int32.max), "trees index rows with 32-bit integers")
        let sorted = ParallelResults<(values: [Double], rows: [Int32])>(count: x.columns)
        let workers = Swift.min(2, x.columns)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for feature in stride(from: worker, to: x.columns, by: workers) {
                sorted.set(feature, Self.order(of: x, feature: feature))
            }
        }
        rows = sorted.values.map(\.rows)
        values = sorted.values.map(\.values)
    }

    private static func order(of x: Matrix, feature: Int) -> (values: [Double], rows: [Int32]) {
        let n = x.rows
        var values = Array(x.storage[(feature * n)..<((feature + 1) * n)])
        var rows = Array(0..<n)
        values.withUnsafeMutableBufferPointer { v in
            rows.withUnsafeMutableBufferPointer { r in
                FeatureSort.sort(v.baseAddress!, r.baseAddress!, count: n)
                // The introsort does not keep equal values in row order; put each run of them back.
                var start = 0
                while start < n {
                    var end = start + 1
                    while end < n, v[end] == v[start] { end += 1 }
                    if end - start > 1 { r[start..<end].sort() }
                    start = end
                }
            }
        }
        return (values, rows.map { Int32($0) })
    }
}
