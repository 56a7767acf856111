/// A seeded, reproducible pseudo-random generator: xoshiro256** seeded by SplitMix64.
///
/// The algorithm is part of mlx's contract: for a given seed, every stream documented in
/// `docs/random.md` stays bit-for-bit the same across mlx versions and platforms. A change
/// to any stream requires a new `algorithmVersion`.
///
/// The generator is a value type: copying it copies the whole state, so the copy repeats the
/// original's future draws. It never consults the system generator or any global state.
/// Use `split()` or `split(count:)` to hand independent streams to parallel tasks.
public struct RandomGenerator: RandomNumberGenerator, Sendable, Equatable {
    /// Name of the algorithm that produces the raw 64-bit stream.
    public static let algorithm = "xoshiro256**+splitmix64"
    /// Version of every stream this type produces; bumped on any observable change.
    public static let algorithmVersion = 1

    /// The four 64-bit words of xoshiro256** state; never all zero.
    var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// The second value of the last Marsaglia polar pair, not yet returned.
    var spareNormal: Double?

    /// Creates a generator whose state is the first four outputs of SplitMix64 started at `seed`.
    ///
    /// Every seed, including 0 and `UInt64.max`, is valid: SplitMix64 never yields four zero words
    /// in a row, so the xoshiro state cannot be the forbidden all-zero state.
    public init(seed: UInt64) {
        var mixer = seed
        s0 = Self.splitMix64(&mixer)
        s1 = Self.splitMix64(&mixer)
        s2 = Self.splitMix64(&mixer)
        s3 = Self.splitMix64(&mixer)
        spareNormal = nil
    }

    /// One SplitMix64 step (Steele, Lea and Flood 2014; Vigna's reference `splitmix64.c`).
    static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 uniformly distributed bits of the xoshiro256** stream.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    @inline(__always)
    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
