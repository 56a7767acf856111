extension Collection where Element == Double {
    /// The sample skewness m₃ / m₂^{3/2} from central moments mₖ = mean((x − x̄)ᵏ), as
    /// `scipy.stats.skew` computes it.
    ///
    /// `bias: true` (scipy's default) returns that moment ratio; `bias: false` applies the
    /// adjusted Fisher–Pearson factor √(n(n−1))/(n−2) when n > 2. NaN when the data are
    /// constant (m₂ ≤ (ε·x̄)², scipy's test), and under `.propagate` when any element is NaN.
    /// - Throws: `NumericsError.empty` for empty (or all-NaN skipped) input.
    public func skewness(bias: Bool = true, missing: MissingValues = .propagate) throws -> Double {
        guard let m = try centralMoments(missing, operation: "skewness") else { return .nan }
        guard !m.isDegenerate else { return .nan }
        let ratio = m.m3 / (m.m2 * m.m2.squareRoot())
        guard !bias, m.n > 2 else { return ratio }
        let n = Double(m.n)
        return ((n - 1) * n).squareRoot() / (n - 2) * ratio
    }

    /// The sample kurtosis m₄ / m₂², minus 3 when `excess` is true (the default, Fisher's
    /// definition), as `scipy.stats.kurtosis` computes it.
    ///
    /// `bias: false` applies the standard small-sample correction when n > 3. NaN for constant
    /// data and, under `.propagate`, when any element is NaN.
    /// - Throws: `NumericsError.empty` for empty (or all-NaN skipped) input.
    public func kurtosis(excess: Bool = true, bias: Bool = true, missing: MissingValues = .propagate) throws -> Double {
        guard let m = try centralMoments(missing, operation: "kurtosis") else { return .nan }
        guard !m.isDegenerate else { return .nan }
        var value = m.m4 / (m.m2 * m.m2)
        if !bias && m.n > 3 {
            let n = Double(m.n)
            value = 1 / (n - 2) / (n - 3) * ((n * n - 1) * value - 3 * (n - 1) * (n - 1)) + 3
        }
        return excess ? value - 3 : value
    }

    /// The most frequent value; among equally frequent values, the smallest (as
    /// `scipy.stats.mode` chooses). 0.0 and −0.0 count as one value.
    ///
    /// Sorts a copy: O(n log n). NaN under `.propagate` when any element is NaN.
    /// - Throws: `NumericsError.empty` for empty (or all-NaN skipped) input.
    public func mode(missing: MissingValues = .propagate) throws -> Double {
        guard var values = nanFreeCopy(missing) else { return .nan }
        guard !values.isEmpty else { throw NumericsError.empty(operation: "mode") }
        values.sort()
        var best = values[0], bestRun = 0
        var runStart = 0
        for i in 1...values.count where i == values.count || values[i] != values[runStart] {
            // Strictly longer runs only, so the first (smallest) value wins ties.
            if i - runStart > bestRun {
                best = values[runStart]
                bestRun = i - runStart
            }
            runStart = i
        }
        return best
    }

    /// The standard scores (x − x̄) / s, with s the standard deviation for `ddof`, whose default
    /// here is 0 to match `scipy.stats.zscore`.
    ///
    /// Under `.skip`, x̄ and s come from the non-NaN elements and NaN elements stay NaN (scipy's
    /// `nan_policy='omit'`); under `.propagate` a NaN makes every score NaN. Constant data give
    /// NaN scores (0 / 0).
    /// - Throws: `NumericsError.empty` for empty (or all-NaN skipped) input.
    public func zScores(ddof: Int = 0, missing: MissingValues = .propagate) throws -> [Double] {
        let center = try mean(missing: missing)
        let scale = try standardDeviation(ddof: ddof, missing: missing)
        return map { ($0 - center) / scale }
    }

    /// Central moments m₂, m₃, m₄ over a compensated mean; nil under `.propagate` with a NaN.
    private func centralMoments(_ missing: MissingValues, operation: String) throws -> CentralMoments? {
        guard let values = nanFreeCopy(missing) else { return nil }
        guard !values.isEmpty else { throw NumericsError.empty(operation: operation) }
        return CentralMoments(values)
    }
}

/// The second to fourth central moments of a NaN-free sample, each a compensated mean.
private struct CentralMoments {
    let n: Int
    let mean: Double
    let m2: Double, m3: Double, m4: Double

    init(_ values: [Double]) {
        n = values.count
        mean = values.withUnsafeBufferPointer(SummationKernels.sum) / Double(n)
        var s2 = NeumaierSum(), s3 = NeumaierSum(), s4 = NeumaierSum()
        for x in values {
            let d = x - mean
            let d2 = d * d
            s2.add(d2)
            s3.add(d2 * d)
            s4.add(d2 * d2)
        }
        m2 = s2.value / Double(n)
        m3 = s3.value / Double(n)
        m4 = s4.value / Double(n)
    }

    /// scipy's test for data too close to constant for a meaningful ratio: m₂ ≤ (ε·x̄)².
    var isDegenerate: Bool {
        let scale = Double.ulpOfOne * mean
        return m2 <= scale * scale
    }
}
