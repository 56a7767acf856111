/// The screening pass of one query's neighbour search: the k smallest
/// approximate values seen so far, and every training row whose value was
/// within `margin` of the k-th smallest when it was seen.
///
/// The k-th smallest only decreases as rows stream past, so a row within the
/// margin of the final k-th smallest was within the margin when it was seen:
/// `candidates()` returns exactly the rows that a full pass followed by a
/// sort would admit, without holding every value.
struct CandidateSelection {
    private let k: Int
    private let margin: Double
    /// The k smallest values so far, ascending (infinity until k are seen).
    private var smallest: [Double]
    /// The k-th smallest plus the margin: values above it cannot be candidates.
    private var limit = Double.infinity
    private var values: [Double] = []
    private var rows: [Int] = []
    /// Candidate count at which rows that fell out of the margin are dropped.
    private var pruneAt: Int

    init(k: Int, margin: Double) {
        self.k = k
        self.margin = margin
        smallest = [Double](repeating: .infinity, count: k)
        pruneAt = 4 * k + 64
    }

    /// Takes the values of consecutive training rows starting at `firstRow`.
    mutating func scan(_ values: UnsafeBufferPointer<Double>, firstRow: Int) {
        let base = values.baseAddress!, n = values.count
        var j = 0
        // Almost every value is rejected: test eight at once, look closer only on a hit.
        while j + 8 <= n {
            // A minimum, not a SIMD mask: 64-bit lane masks need SSE4.1, which
            // the baseline target lacks, and were ten times slower. `!(m > limit)`
            // also sends a block with a NaN (which `min` may pass on) to the
            // element-wise test, which admits no NaN.
            let low = Swift.min(Swift.min(base[j], base[j + 1]), Swift.min(base[j + 2], base[j + 3]))
            let high = Swift.min(Swift.min(base[j + 4], base[j + 5]), Swift.min(base[j + 6], base[j + 7]))
            if !(Swift.min(low, high) > limit) {
                for l in j..<(j + 8) where base[l] <= limit { admit(base[l], row: firstRow + l) }
            }
            j += 8
        }
        for l in j..<n where base[l] <= limit { admit(base[l], row: firstRow + l) }
    }

    private mutating func admit(_ value: Double, row: Int) {
        values.append(value)
        rows.append(row)
        if value < smallest[k - 1] {
            var slot = k - 1
            while slot > 0, smallest[slot - 1] > value {
                smallest[slot] = smallest[slot - 1]
                slot -= 1
            }
            smallest[slot] = value
            limit = smallest[k - 1] + margin
        }
        if values.count >= pruneAt { prune() }
    }

    private mutating func prune() {
        var kept = 0
        for index in values.indices where values[index] <= limit {
            (values[kept], rows[kept]) = (values[index], rows[index])
            kept += 1
        }
        values.removeLast(values.count - kept)
        rows.removeLast(rows.count - kept)
        pruneAt = Swift.max(2 * kept, 4 * k + 64)
    }

    /// The rows within the margin of the final k-th smallest value, in row order.
    func candidates() -> [Int] {
        values.indices.filter { values[$0] <= limit }.map { rows[$0] }
    }
}
