extension Collection where Element == Double {
    /// The median: the middle order statistic, or the mean of the two middle ones.
    ///
    /// Runs in O(n) time without a sort (radix selection in place for large inputs, selection on
    /// a copy for small ones). NaN under `.propagate` if any element is NaN; equals numpy's `median` (`nanmedian` under `.skip`).
    /// - Throws: `NumericsError.empty` for empty (or all-NaN skipped) input.
    public func median(missing: MissingValues = .propagate) throws -> Double {
        let values = try orderStatistics(missing: missing, operation: "median") { n in [(n - 1) / 2, n / 2] }
        guard let a = values.first, let b = values.last else { return .nan }
        if a == b { return a }
        let mid = (a + b) / 2
        // numpy's (a + b) / 2 overflows for two huge finite values; halve first then.
        return mid.isFinite || !a.isFinite || !b.isFinite ? mid : a / 2 + b / 2
    }

    /// The quantile at probability `q` ∈ [0, 1], estimated by `method` (default `.linear`,
    /// numpy's default and R's type 7).
    ///
    /// Runs in O(n) time without a sort, as `median`. NaN under `.propagate` if any element
    /// is NaN; equals numpy's `quantile` (`nanquantile` under `.skip`), except that an exact
    /// order statistic that is infinite is returned instead of numpy's NaN.
    /// - Throws: `NumericsError.empty` for empty (or all-NaN skipped) input,
    ///   `NumericsError.invalidArgument` when `q` is outside [0, 1] or NaN.
    public func quantile(
        _ q: Double, method: QuantileMethod = .linear, missing: MissingValues = .propagate
    ) throws -> Double {
        try quantiles([q], method: method, missing: missing)[0]
    }

    /// The quantiles at each probability in `qs`, in the order given; one copy and one
    /// selection pass per distinct order statistic needed.
    ///
    /// Same rules as `quantile(_:method:missing:)`; an empty `qs` returns `[]` for any input.
    public func quantiles(
        _ qs: [Double], method: QuantileMethod = .linear, missing: MissingValues = .propagate
    ) throws -> [Double] {
        if let bad = qs.first(where: { !(0...1).contains($0) }) {
            throw NumericsError.invalidArgument(operation: "quantile", detail: "probability \(formatNumber(bad)) is outside [0, 1]")
        }
        guard !qs.isEmpty else { return [] }
        var positions = [(lower: Int, upper: Int, weight: Double)]()
        let values = try orderStatistics(missing: missing, operation: "quantile") { n in
            positions = qs.map { method.position(n: n, q: $0) }
            return positions.flatMap { [$0.lower, $0.upper] }
        }
        guard !values.isEmpty else { return qs.map { _ in .nan } }
        return positions.indices.map { i in Self.interpolate(values[2 * i], values[2 * i + 1], positions[i].weight) }
    }

    /// The order statistics at the ranks `ranksFor(n)` chooses for n non-NaN
    /// values, in that order; empty when a NaN makes every answer NaN.
    ///
    /// Large inputs use radix selection over the input in place; small ones
    /// select on a copy, where clearing a 65536-bucket histogram would dominate.
    private func orderStatistics(
        missing: MissingValues, operation: String, ranksFor: (Int) -> [Int]
    ) throws -> [Double] {
        try withDoubles { buffer in
            // Histogram counts are 32-bit; beyond that, select on a copy.
            if buffer.count >= 100_000, buffer.count <= Int(Int32.max) {
                let scan = RadixSelection.scan(buffer)
                if scan.sawNaN && missing == .propagate { return [] }
                guard scan.count > 0 else { throw NumericsError.empty(operation: operation) }
                return RadixSelection.orderStatistics(buffer, ranks: ranksFor(scan.count))
            }
            guard var values = nanFreeCopy(missing) else { return [] }
            guard !values.isEmpty else { throw NumericsError.empty(operation: operation) }
            let ranks = ranksFor(values.count)
            return values.withUnsafeMutableBufferPointer { buffer in
                var start = 0
                for k in Set(ranks).sorted() {
                    Selection.select(buffer, k: k, in: start..<buffer.count)
                    start = k + 1
                }
                return ranks.map { buffer[$0] }
            }
        }
    }

    /// numpy's `_lerp`: the formula switches ends at t = ½ so that t = 1 returns b exactly.
    ///
    /// Unlike numpy, an exact order statistic (t = 0, or a == b) is returned as is: numpy
    /// evaluates ∞ − ∞ there and answers NaN, e.g. for the 0.5 quantile of [1, 2, ∞].
    static func interpolate(_ a: Double, _ b: Double, _ t: Double) -> Double {
        if t == 0 || a == b { return a }
        let difference = b - a
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }
}
