/// A running sum with Neumaier's compensation (improved Kahan–Babuška).
///
/// Used to combine block sums: the carried compensation keeps the combined error near one
/// rounding of the exact total, independent of the number of blocks.
struct NeumaierSum {
    private(set) var sum = 0.0
    private var compensation = 0.0

    init() {}

    /// Adds `value`, recording in `compensation` the low-order bits lost by the addition.
    @inline(__always)
    mutating func add(_ value: Double) {
        let total = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - total) + value
        } else {
            compensation += (value - total) + sum
        }
        sum = total
    }

    /// The compensated total; a non-finite running sum is returned as is, since its
    /// compensation is meaningless (often NaN from ∞ − ∞).
    var value: Double { sum.isFinite ? sum + compensation : sum }
}
