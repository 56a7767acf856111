import Numerics

extension Hyperparameters {
    /// A whole-number option of at least `low`, with the bound written as an
    /// integer in the message ("k must be >= 1, got 0"). An absent option gives
    /// `fallback`, which may be nil for "no limit" (`max_depth`).
    func count(_ name: String, default fallback: Int?, atLeast low: Int) throws -> Int? {
        // Infinity cannot be written as an option value, so it marks "absent".
        let x = try number(name, default: .infinity)
        if x == .infinity { return fallback }
        guard x == x.rounded() else { throw LearningError("\(name) must be a whole number, got \(formatNumber(x))") }
        guard x >= Double(low) else { throw LearningError("\(name) must be >= \(low), got \(Int(x))") }
        // Larger counts mean "no limit" in practice; clamp so Int conversion is safe.
        return Int(Swift.min(x, 1e9))
    }

    /// A whole-number option of at least `low` that always has a value.
    func count(_ name: String, default fallback: Int, atLeast low: Int) throws -> Int {
        try count(name, default: Optional(fallback), atLeast: low) ?? fallback
    }

    /// A whole-number option from `low` to `high`: for counts that size what a fit allocates.
    func count(_ name: String, default fallback: Int, atLeast low: Int, atMost high: Int) throws -> Int {
        let value = try count(name, default: fallback, atLeast: low)
        guard value <= high else { throw LearningError("\(name) must be at most \(high), got \(value)") }
        return value
    }
}
