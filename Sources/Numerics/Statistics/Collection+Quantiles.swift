extension Collection where Element == Double {
    /// The median: the middle order statistic, or the mean of the two middle ones.
    ///
    /// Runs in O(n) expected time by selection on a copy, not a sort. NaN under `.propagate` if
    /// any element is NaN; equals numpy's `median` (`nanmedian` under `.skip`).
    /// - Throws: `NumericsError.empty` for empty (or all-NaN skipped) input.
    public func median(missing: MissingValues = .propagate) throws -> Double {
        guard var values = nanFreeCopy(missing) else { return .nan }
        guard !values.isEmpty else { throw NumericsError.empty(operation: "median") }
        let n = values.count
        return values.withUnsafeMutableBufferPointer { buffer in
            Selection.select(buffer, k: (n - 1) / 2, in: 0..<n)
            guard n % 2 == 0 else { return buffer[(n - 1) / 2] }
            Selection.select(buffer, k: n / 2, in: (n / 2)..<n)
            let a = buffer[n / 2 - 1], b = buffer[n / 2]
            let mid = (a + b) / 2
            // numpy's (a + b) / 2 overflows for two huge finite values; halve first then.
            return mid.isFinite || !a.isFinite || !b.isFinite ? mid : a / 2 + b / 2
        }
    }

    /// The quantile at probability `q` ∈ [0, 1], estimated by `method` (default `.linear`,
    /// numpy's default and R's type 7).
    ///
    /// Runs in O(n) expected time by selection on a copy. NaN under `.propagate` if any element
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
            throw NumericsError.invalidArgument(operation: "quantile", detail: "probability \(bad) is outside [0, 1]")
        }
        guard !qs.isEmpty else { return [] }
        guard var values = nanFreeCopy(missing) else { return qs.map { _ in .nan } }
        guard !values.isEmpty else { throw NumericsError.empty(operation: "quantile") }
        let n = values.count
        let positions = qs.map { method.position(n: n, q: $0) }
        let needed = Set(positions.flatMap { [$0.lower, $0.upper] }).sorted()
        return values.withUnsafeMutableBufferPointer { buffer in
            var start = 0
            for k in needed {
                Selection.select(buffer, k: k, in: start..<n)
                start = k + 1
            }
            return positions.map { Self.interpolate(buffer[$0.lower], buffer[$0.upper], $0.weight) }
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
