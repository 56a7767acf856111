import Numerics

/// One tree's sample, kept in order by every feature while nodes split it.
///
/// The sample is a count per row (a bootstrap draws some rows several times
/// and others never): each row is listed once and carries its count as a
/// weight, so nodes hold the ~63 % distinct rows of a bootstrap instead of n
/// entries with repeats. A node is a range of positions, the same range in
/// every feature's list; splitting it partitions every list stably, so both
/// children stay sorted without sorting again.
struct SampleLists {
    let featureCount: Int
    /// Listed rows: the sample's distinct rows.
    let size: Int
    /// values[f * size + i], rows[f * size + i]: entry i of feature f's list.
    private(set) var values: [Double]
    private(set) var rows: [Int32]
    /// The sample's rows in increasing row order (the order of the row lists
    /// that trees were first grown from, for sums whose order matters).
    private(set) var byRow: [Int32]
    /// The count of every row of x in the sample; 0 for rows not drawn.
    let weights: [Double]
    /// Per row of x, during a partition: whether the row goes left.
    private var goesLeft: [Bool]
    private var spill: [Double]
    private var spillRows: [Int32]

    /// The lists of the rows with a positive count in `counts` (one per row of x).
    init(_ x: Matrix, order: FeatureOrder, counts: [Int32]) {
        featureCount = x.columns
        weights = counts.map { Double($0) }
        byRow = (0..<Int32(counts.count)).filter { counts[Int($0)] > 0 }
        size = byRow.count
        values = [Double](repeating: 0, count: featureCount * size)
        rows = [Int32](repeating: 0, count: featureCount * size)
        goesLeft = [Bool](repeating: false, count: counts.count)
        spill = [Double](repeating: 0, count: size)
        spillRows = [Int32](repeating: 0, count: size)
        fill(x, order: order, counts: counts)
    }

    private mutating func fill(_ x: Matrix, order: FeatureOrder, counts: [Int32]) {
        let n = x.rows, size = size
        x.storage.withUnsafeBufferPointer { all in
            values.withUnsafeMutableBufferPointer { values in
                rows.withUnsafeMutableBufferPointer { rows in
                    for f in 0..<featureCount {
                        var i = f * size
                        for row in order.rows[f] where counts[Int(row)] > 0 {
                            values[i] = all[f * n + Int(row)]
                            rows[i] = row
                            i += 1
                        }
                    }
                }
            }
        }
    }

    /// The value at position `i` of feature `f`'s list.
    func value(_ f: Int, _ i: Int) -> Double { values[f * size + i] }

    /// Splits the node at `range` so that rows with x[row, feature] ≤ threshold
    /// come first in every list, each part keeping its order; returns where
    /// the right part starts.
    mutating func partition(_ range: Range<Int>, feature: Int, threshold: Double) -> Int {
        let base = feature * size
        var leftCount = 0
        for i in range {
            let left = values[base + i] <= threshold
            goesLeft[Int(rows[base + i])] = left
            if left { leftCount += 1 }
        }
        for f in 0..<featureCount { partitionList(f, range) }
        partitionByRow(range)
        return range.lowerBound + leftCount
    }

    /// Left entries move up in place; right ones wait in `spill` and follow.
    private mutating func partitionList(_ f: Int, _ range: Range<Int>) {
        let base = f * size
        goesLeft.withUnsafeBufferPointer { left in
            values.withUnsafeMutableBufferPointer { v in
                rows.withUnsafeMutableBufferPointer { r in
                    spill.withUnsafeMutableBufferPointer { sv in
                        spillRows.withUnsafeMutableBufferPointer { sr in
                            var kept = base + range.lowerBound, spilled = 0
                            for i in (base + range.lowerBound)..<(base + range.upperBound) {
                                if left[Int(r[i])] {
                                    (v[kept], r[kept]) = (v[i], r[i])
                                    kept += 1
                                } else {
                                    (sv[spilled], sr[spilled]) = (v[i], r[i])
                                    spilled += 1
                                }
                            }
                            for j in 0..<spilled { (v[kept + j], r[kept + j]) = (sv[j], sr[j]) }
                        }
                    }
                }
            }
        }
    }

    private mutating func partitionByRow(_ range: Range<Int>) {
        let left = byRow[range].filter { goesLeft[Int($0)] }, right = byRow[range].filter { !goesLeft[Int($0)] }
        byRow.replaceSubrange(range, with: left + right)
    }
}
