/// The median; the mean of the two middle values for an even count. What
/// every benchmark reports, since other processes share the machine.
public func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// A 95 % interval for the median of `values`: the 2.5th and 97.5th
/// percentiles of the medians of `resamples` resamples drawn with
/// replacement (seeded, so the same samples give the same interval). How far
/// one run of a benchmark can be trusted on a machine that others share.
public func medianInterval(_ values: [Double], resamples: Int = 2000, seed: UInt64 = 1) -> (low: Double, high: Double) {
    guard !values.isEmpty else { return (.nan, .nan) }
    var generator = SplitMix64(seed: seed)
    var medians = [Double]()
    medians.reserveCapacity(resamples)
    var resample = [Double](repeating: 0, count: values.count)
    for _ in 0..<resamples {
        for i in resample.indices { resample[i] = values[Int(generator.next() % UInt64(values.count))] }
        medians.append(median(resample))
    }
    medians.sort()
    return (medians[Int(Double(resamples - 1) * 0.025)], medians[Int(Double(resamples - 1) * 0.975)])
}
