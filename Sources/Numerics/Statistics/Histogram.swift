/// Counts of values in equal-width bins, with numpy.histogram's edge semantics.
public struct Histogram: Equatable, Sendable {
    /// The number of values in each bin.
    public let counts: [Int]
    /// The bin edges, one more than the bins: bin i is [edges[i], edges[i+1]), except the last
    /// bin, which also contains its right edge.
    public let edges: [Double]

    /// Creates a histogram from counts and edges.
    public init(counts: [Int], edges: [Double]) {
        self.counts = counts
        self.edges = edges
    }
}

extension Collection where Element == Double {
    /// Counts the elements in `bins` equal-width bins spanning `range`, or the data's minimum
    /// to maximum when `range` is nil (widened to ±0.5 when all values are equal), exactly as
    /// `numpy.histogram(a, bins, range)` does: edges are `lower + i·(upper − lower)/bins`, the
    /// last bin is closed, and values outside the range are not counted.
    /// - Throws: `NumericsError.invalidArgument` when `bins < 1`, when a bound is not finite, or
    ///   under `.propagate` when the data contain NaN (numpy cannot bin NaN either);
    ///   `NumericsError.empty` when `range` is nil and there is no value to take it from.
    public func histogram(
        bins: Int, range: ClosedRange<Double>? = nil, missing: MissingValues = .propagate
    ) throws -> Histogram {
        guard bins >= 1 else {
            throw NumericsError.invalidArgument(operation: "histogram", detail: "bin count \(bins) must be ≥ 1")
        }
        if missing == .propagate, contains(where: \.isNaN) {
            throw NumericsError.invalidArgument(operation: "histogram", detail: "data contain NaN; skip missing values")
        }
        var (lower, upper) = try range.map { ($0.lowerBound, $0.upperBound) }
            ?? (minimum(missing: .skip), maximum(missing: .skip))
        guard lower.isFinite, upper.isFinite else {
            throw NumericsError.invalidArgument(operation: "histogram", detail: "range \(formatNumber(lower))...\(formatNumber(upper)) is not finite")
        }
        if lower == upper {
            lower -= 0.5
            upper += 0.5
        }
        let edges = equalWidthEdges(lower, upper, bins: bins)
        return Histogram(counts: binCounts(edges: edges), edges: edges)
    }

    /// numpy's edges `lower + i·(upper − lower)/bins`; when upper − lower overflows (a range
    /// wider than the largest double, which numpy refuses), the same formula on the halved
    /// bounds, doubled, which is numpy's answer for the data scaled by ½.
    private func equalWidthEdges(_ lower: Double, _ upper: Double, bins: Int) -> [Double] {
        var edges: [Double]
        if (upper - lower).isFinite {
            let step = (upper - lower) / Double(bins)
            edges = (0...bins).map { Double($0) * step + lower }
        } else {
            let halfStep = (upper / 2 - lower / 2) / Double(bins)
            edges = (0...bins).map { 2 * (Double($0) * halfStep + lower / 2) }
        }
        edges[bins] = upper
        return edges
    }

    /// numpy's uniform-bin counting: index from the scaled offset, then nudged by one where
    /// rounding put a value on the wrong side of an edge.
    private func binCounts(edges: [Double]) -> [Int] {
        let bins = edges.count - 1
        let lower = edges[0], upper = edges[bins]
        // Halves are exact and keep the offsets finite however wide the range.
        let halfSpan = upper / 2 - lower / 2
        var counts = [Int](repeating: 0, count: bins)
        for x in self where x >= lower && x <= upper {
            var index = Swift.min(Int((x / 2 - lower / 2) / halfSpan * Double(bins)), bins - 1)
            if x < edges[index] {
                index -= 1
            } else if index != bins - 1 && x >= edges[index + 1] {
                index += 1
            }
            counts[index] += 1
        }
        return counts
    }
}
