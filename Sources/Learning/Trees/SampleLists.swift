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
    /// Per row of x, during a partition: 1 if the row goes left, else 0.
    private var goesLeft: [UInt8]
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
        goesLeft = [UInt8](repeating: 0, count: counts.count)
        spill = [Double](repeating: 0, count: size)
        spillRows = [Int32](repeating: 0, count: size)
        fill(order, counts: counts)
    }

    private mutating func fill(_ order: FeatureOrder, counts: [Int32]) {
        let size = size
        values.withUnsafeMutableBufferPointer { values in
            rows.withUnsafeMutableBufferPointer { rows in
                for f in 0..<featureCount {
                    var i = f * size
                    for (row, value) in zip(order.rows[f], order.values[f]) where counts[Int(row)] > 0 {
                        values[i] = value
                        rows[i] = row
                        i += 1
                    }
                }
            }
        }
    }

    /// The value at position `i` of feature `f`'s list.
    func value(_ f: Int, _ i: Int) -> Double { values[f * size + i] }

    /// Splits the node at `range` so that rows with x[row, feature] ≤ threshold
    /// come first in the row-order list and, when `sorted`, in every feature's
    /// list (children that will not be split need only the row order); each
    /// part keeps its order. Returns where the right part starts.
    mutating func partition(_ range: Range<Int>, feature: Int, threshold: Double, sorted: Bool) -> Int {
        let base = feature * size
        var leftCount = 0
        for i in range {
            let left = values[base + i] <= threshold
            goesLeft[Int(rows[base + i])] = left ? 1 : 0
            if left { leftCount += 1 }
        }
        goesLeft.withUnsafeBufferPointer { left in
            spill.withUnsafeMutableBufferPointer { spill in
                spillRows.withUnsafeMutableBufferPointer { spillRows in
                    if sorted {
                        values.withUnsafeMutableBufferPointer { values in
                            rows.withUnsafeMutableBufferPointer { rows in
                                for f in 0..<featureCount {
                                    let start = f * size + range.lowerBound
                                    Self.partition(rows.baseAddress! + start, values.baseAddress! + start, range.count, left, spillRows, spill)
                                }
                            }
                        }
                    }
                    byRow.withUnsafeMutableBufferPointer { byRow in
                        Self.partition(byRow.baseAddress! + range.lowerBound, nil, range.count, left, spillRows, spill)
                    }
                }
            }
        }
        return range.lowerBound + leftCount
    }

    /// Stable partition of `count` rows (and their values, if any) by
    /// `goesLeft`: left entries move up in place, right ones wait in the spill
    /// buffers and follow. Branch-free, because which side a row goes to is a
    /// coin flip to the branch predictor: every entry is written to both places
    /// and only one index advances (an entry only overwrites one already read).
    private static func partition(
        _ rows: UnsafeMutablePointer<Int32>, _ values: UnsafeMutablePointer<Double>?, _ count: Int,
        _ goesLeft: UnsafeBufferPointer<UInt8>, _ spillRows: UnsafeMutableBufferPointer<Int32>, _ spill: UnsafeMutableBufferPointer<Double>
    ) {
        var kept = 0, spilled = 0
        if let values {
            for i in 0..<count {
                let row = rows[i], value = values[i], left = Int(goesLeft[Int(row)])
                (rows[kept], values[kept]) = (row, value)
                (spillRows[spilled], spill[spilled]) = (row, value)
                kept += left
                spilled += 1 - left
            }
            for j in 0..<spilled { (rows[kept + j], values[kept + j]) = (spillRows[j], spill[j]) }
        } else {
            for i in 0..<count {
                let row = rows[i], left = Int(goesLeft[Int(row)])
                rows[kept] = row
                spillRows[spilled] = row
                kept += left
                spilled += 1 - left
            }
            for j in 0..<spilled { rows[kept + j] = spillRows[j] }
        }
    }
}
