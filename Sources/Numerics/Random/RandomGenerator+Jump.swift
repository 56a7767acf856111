extension RandomGenerator {
    /// Coefficients of the jump polynomial for 2^128 steps (Blackman and Vigna's `jump()`).
    private static let jumpPolynomial: [UInt64] = [
        0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C,
    ]
    /// Coefficients of the jump polynomial for 2^192 steps (Blackman and Vigna's `long_jump()`).
    private static let longJumpPolynomial: [UInt64] = [
        0x76E1_5D3E_FEFD_CBBF, 0xC500_4E44_1C52_2FB3, 0x7771_0069_854E_E241, 0x3910_9BB0_2ACB_E635,
    ]

    /// Advances the raw stream by 2^128 calls of `next()`, as the reference `jump()` does.
    ///
    /// A pending spare normal value is kept: it belongs to draws already made.
    public mutating func jump() { apply(Self.jumpPolynomial) }

    /// Advances the raw stream by 2^192 calls of `next()`, as the reference `long_jump()` does.
    ///
    /// Use it to separate groups of streams that are themselves made with `jump()`.
    public mutating func longJump() { apply(Self.longJumpPolynomial) }

    /// A copy advanced by 2^128 steps, with no pending spare normal value.
    public func jumped() -> RandomGenerator {
        var copy = self
        copy.spareNormal = nil
        copy.jump()
        return copy
    }

    /// Returns a generator for a substream and moves `self` past it.
    ///
    /// The child starts at the current raw state (with no spare normal value) and `self` jumps
    /// 2^128 steps ahead, so the two streams cannot overlap unless the child draws 2^128 values.
    public mutating func split() -> RandomGenerator {
        var child = self
        child.spareNormal = nil
        jump()
        return child
    }

    /// Returns `count` generators for non-overlapping substreams and moves `self` past them all.
    ///
    /// Element k equals the result of the k-th of `count` successive `split()` calls, so the
    /// streams depend only on the seed and the task index, never on scheduling.
    /// - Throws: `NumericsError.invalidArgument` when `count` is negative.
    public mutating func split(count: Int) throws -> [RandomGenerator] {
        guard count >= 0 else {
            throw NumericsError.invalidArgument(operation: "split", detail: "negative stream count \(count)")
        }
        return (0..<count).map { _ in split() }
    }

    /// XORs together the states reached at the set bits of `polynomial`, as the reference does.
    private mutating func apply(_ polynomial: [UInt64]) {
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
        for word in polynomial {
            for bit in 0..<64 {
                if word & (1 << UInt64(bit)) != 0 {
                    t0 ^= s0
                    t1 ^= s1
                    t2 ^= s2
                    t3 ^= s3
                }
                _ = next()
            }
        }
        (s0, s1, s2, s3) = (t0, t1, t2, t3)
    }
}
