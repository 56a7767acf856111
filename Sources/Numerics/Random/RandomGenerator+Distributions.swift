import Foundation

extension RandomGenerator {
    /// A uniform double in [0, 1): the top 53 bits of `next()` times 2^-53.
    ///
    /// Every multiple of 2^-53 in [0, 1) is equally likely; the result is never 1.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in `range`, computed as `lower + (upper - lower) * uniform()`.
    ///
    /// When rounding would produce `upper`, the result is `upper.nextDown`, so the range stays
    /// half-open. Consumes exactly one `next()`.
    /// - Throws: `NumericsError.invalidArgument` when the range is empty, has a non-finite bound,
    ///   or its width overflows.
    public mutating func uniform(in range: Range<Double>) throws -> Double {
        let width = range.upperBound - range.lowerBound
        guard !range.isEmpty, range.lowerBound.isFinite, range.upperBound.isFinite, width.isFinite else {
            throw NumericsError.invalidArgument(
                operation: "uniform", detail: "range \(formatNumber(range.lowerBound))..<\(formatNumber(range.upperBound)) must be non-empty with a finite width")
        }
        let value = range.lowerBound + width * uniform()
        return value < range.upperBound ? value : range.upperBound.nextDown
    }

    /// A standard normal deviate by Marsaglia's polar method.
    ///
    /// Each accepted pair (u, v) yields two deviates: `u·f` is returned and `v·f` is kept as the
    /// spare, returned by the next call without consuming raw draws. `u` and `v` are
    /// `2·uniform() − 1` (u first); pairs with `s = u² + v²` equal to 0 or ≥ 1 are rejected;
    /// `f = sqrt(−2·log(s)/s)`. The spare is part of the generator state: copies share it, and
    /// `jumped()` and `split()` children start without one.
    public mutating func standardNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * log(s) / s).squareRoot()
                spareNormal = v * factor
                return u * factor
            }
        }
    }

    /// A normal deviate `mean + sd · standardNormal()`.
    ///
    /// NaN or infinite `mean` propagates into the result.
    /// - Throws: `NumericsError.invalidArgument` when `sd` is negative or NaN.
    public mutating func normal(mean: Double = 0, sd: Double = 1) throws -> Double {
        guard sd >= 0 else {
            throw NumericsError.invalidArgument(operation: "normal", detail: "standard deviation \(formatNumber(sd)) must be ≥ 0")
        }
        return mean + sd * standardNormal()
    }
}
