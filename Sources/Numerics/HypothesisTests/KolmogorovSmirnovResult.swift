/// The outcome of a two-sample Kolmogorov–Smirnov test.
public struct KolmogorovSmirnovResult: Sendable, Equatable {
    /// The largest absolute difference between the two empirical CDFs.
    ///
    /// With the exact method this is snapped to the lattice h / lcm(n1, n2) on
    /// which the statistic lives, exactly as scipy reports it.
    public let statistic: Double
    /// The two-sided p-value; NaN if the data contain NaN.
    public let pValue: Double
    /// The method that produced `pValue` (never `.automatic`).
    public let method: KolmogorovSmirnovTest.Method
}
