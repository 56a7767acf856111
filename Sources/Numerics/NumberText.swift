/// The shortest text that reads back as the same double (integers without ".0"), as the
/// language prints numbers: `NaN`, `inf`, `-inf`, `3`, `0.1`, `1e+300`. Error messages use it
/// too, so a value reads the same in a message as in the output.
public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    // Whole numbers print without ".0" (5, not 5.0); both read back as the same double.
    // Negative zero keeps its sign: 1 / -0 is -inf, so "0" would not read back as it.
    if x == 0, x.sign == .minus { return "-0" }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return x.description
}
