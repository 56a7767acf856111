/// A tiny seeded generator for benchmark inputs (SplitMix64, Steele et al.).
///
/// Deliberately not the project's `RandomGenerator`: the inputs only need to
/// be reproducible, and keeping them independent of the library under test
/// means a change to its generator cannot change what is measured.
public struct SplitMix64 {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-1, 1): the top 53 bits give every representable step.
    public mutating func nextSigned() -> Double {
        Double(next() >> 11) * 0x1p-52 - 1
    }

    /// `count` values in [-1, 1).
    public mutating func signedValues(_ count: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer[i] = nextSigned() }
            initialized = count
        }
    }
}
