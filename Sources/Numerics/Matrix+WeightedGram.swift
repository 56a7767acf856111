import Dispatch
import Foundation

/// Weighted Gram matrices XᵀDX through BLAS, several weightings in one pass.
extension Matrix {
    /// Doubles of weighted rows built per chunk: small enough to stay in a
    /// core's L2 cache between being written and being read by `dgemm`.
    static let gramChunkBudget = 64 * 1024

    /// `selfᵀ · diag(w) · self` for each weight vector `w` in `weights` (each
    /// as long as `self` has rows), as symmetric matrices.
    ///
    /// Rows are taken in chunks; for each, the weighted copies [X∘w₁ … X∘wₘ]
    /// are written to a cache-sized buffer and one `dgemm` on one BLAS thread
    /// adds Xᵀ·[…] to all m sums at once. Building n×p weighted copies in
    /// memory and one product per weighting (the obvious way) spends most of
    /// its time on memory traffic and on waking BLAS threads for skinny
    /// shapes. Larger inputs are summed as two halves on two threads, then
    /// added. Chunks and halves depend only on the shape, so results do not
    /// depend on the machine's thread count.
    /// - Throws: `NumericsError.shapeMismatch` when a weight vector has the wrong length.
    public func weightedGrams(_ weights: [[Double]]) throws -> [Matrix] {
        let n = rows, p = columns, width = p * weights.count
        for w in weights where w.count != n {
            throw NumericsError.shapeMismatch(operation: "weighted gram", left: shape, right: Shape(w.count, 1))
        }
        var sums = [Double](repeating: 0, count: p * width)
        if n > 0, width > 0 {
            _ = (try BLAS.dimension(n, "weighted gram"), try BLAS.dimension(width, "weighted gram"))
            sums = summedInHalves(weights)
        }
        return (0..<weights.count).map { w in
            var gram = Matrix(rows: p, columns: p)
            for s in 0..<p {
                for r in 0...s {
                    let value = sums[(w * p + s) * p + r]
                    gram.storage[s * p + r] = value
                    gram.storage[r * p + s] = value
                }
            }
            return gram
        }
    }

    /// Xᵀ·[X∘w₁ … X∘wₘ] (p × p·m, column-major): two halves of the rows on
    /// two threads when there are at least two chunks, added in order.
    private func summedInHalves(_ weights: [[Double]]) -> [Double] {
        let n = rows, width = columns * weights.count
        let chunk = Swift.max(8, Self.gramChunkBudget / width)
        let halves = n >= 2 * chunk ? 2 : 1
        let partial = PartialSums(count: halves)
        BLAS.withThreads(1) {
            DispatchQueue.concurrentPerform(iterations: halves) { half in
                var sums = [Double](repeating: 0, count: columns * width)
                accumulateWeightedGrams(weights, rows: (half * n / halves)..<((half + 1) * n / halves), chunk: chunk, into: &sums)
                partial.set(half, sums)
            }
        }
        var sums = partial.value(0)
        for half in 1..<halves {
            for (index, value) in partial.value(half).enumerated() { sums[index] += value }
        }
        return sums
    }

    /// Adds Xᵀ·[X∘w₁ … X∘wₘ] over `range` of the rows to `sums`, `chunk` rows at a time.
    private func accumulateWeightedGrams(_ weights: [[Double]], rows range: Range<Int>, chunk: Int, into sums: inout [Double]) {
        let n = rows, p = columns, width = p * weights.count
        var weighted = [Double](repeating: 0, count: chunk * width)
        storage.withUnsafeBufferPointer { x in
            weighted.withUnsafeMutableBufferPointer { out in
                sums.withUnsafeMutableBufferPointer { c in
                    var start = range.lowerBound
                    while start < range.upperBound {
                        let count = Swift.min(chunk, range.upperBound - start)
                        for (w, vector) in weights.enumerated() {
                            vector.withUnsafeBufferPointer { v in
                                let scale = UnsafeBufferPointer(rebasing: v[start..<(start + count)])
                                for l in 0..<p {
                                    let source = UnsafeBufferPointer(start: x.baseAddress! + l * n + start, count: count)
                                    let column = UnsafeMutableBufferPointer(start: out.baseAddress! + (w * p + l) * count, count: count)
                                    ElementwiseKernels.binary(source, scale, column, *, *)
                                }
                            }
                        }
                        BLAS.product(
                            x.baseAddress! + start, leadingA: n, transposeA: true, UnsafePointer(out.baseAddress!), leadingB: count, transposeB: false,
                            into: c.baseAddress!, leadingC: p, rows: p, columns: width, inner: count, accumulate: true)
                        start += count
                    }
                }
            }
        }
    }
}

/// Results of parallel workers, one slot each, written once.
private final class PartialSums: @unchecked Sendable {
    // Guarded by `lock`; Sendable only through that discipline.
    private var slots: [[Double]]
    private let lock = NSLock()

    init(count: Int) { slots = [[Double]](repeating: [], count: count) }

    func set(_ index: Int, _ value: [Double]) {
        lock.withLock { slots[index] = value }
    }

    func value(_ index: Int) -> [Double] {
        lock.withLock { slots[index] }
    }
}
