/// Vectorised loops over contiguous `Double` buffers.
///
/// Written with `SIMD8<Double>` so the compiler emits full-width vector code
/// without needing a target CPU; `c + a * b` rather than `addingProduct`,
/// which without FMA in the baseline becomes a per-lane libm call.
enum ElementwiseKernels {
    typealias Buffer = UnsafeBufferPointer<Double>
    typealias MutableBuffer = UnsafeMutableBufferPointer<Double>

    /// out[i] = op(a[i], b[i]) for equally long buffers.
    @inline(__always)
    static func binary(
        _ a: Buffer, _ b: Buffer, _ out: MutableBuffer,
        _ vectorOp: (SIMD8<Double>, SIMD8<Double>) -> SIMD8<Double>,
        _ scalarOp: (Double, Double) -> Double
    ) {
        let n = out.count
        let pa = a.baseAddress!, pb = b.baseAddress!, po = out.baseAddress!
        var i = 0
        while i + 8 <= n {
            let va = UnsafeRawPointer(pa + i).loadUnaligned(as: SIMD8<Double>.self)
            let vb = UnsafeRawPointer(pb + i).loadUnaligned(as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(po + i).storeBytes(of: vectorOp(va, vb), as: SIMD8<Double>.self)
            i += 8
        }
        while i < n {
            po[i] = scalarOp(pa[i], pb[i])
            i += 1
        }
    }

    /// out[i] = op(a[i], s) for a scalar `s`.
    @inline(__always)
    static func withScalar(
        _ a: Buffer, _ s: Double, _ out: MutableBuffer,
        _ vectorOp: (SIMD8<Double>, SIMD8<Double>) -> SIMD8<Double>,
        _ scalarOp: (Double, Double) -> Double
    ) {
        let n = out.count
        let pa = a.baseAddress!, po = out.baseAddress!
        let vs = SIMD8<Double>(repeating: s)
        var i = 0
        while i + 8 <= n {
            let va = UnsafeRawPointer(pa + i).loadUnaligned(as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(po + i).storeBytes(of: vectorOp(va, vs), as: SIMD8<Double>.self)
            i += 8
        }
        while i < n {
            po[i] = scalarOp(pa[i], s)
            i += 1
        }
    }

    /// out[i] = a[i] * b[i] + c[i] in one pass, with no temporaries.
    static func multiplyAdd(_ a: Buffer, _ b: Buffer, _ c: Buffer, _ out: MutableBuffer) {
        let n = out.count
        let pa = a.baseAddress!, pb = b.baseAddress!, pc = c.baseAddress!, po = out.baseAddress!
        var i = 0
        while i + 16 <= n {
            let a0 = UnsafeRawPointer(pa + i).loadUnaligned(as: SIMD8<Double>.self)
            let a1 = UnsafeRawPointer(pa + i + 8).loadUnaligned(as: SIMD8<Double>.self)
            let b0 = UnsafeRawPointer(pb + i).loadUnaligned(as: SIMD8<Double>.self)
            let b1 = UnsafeRawPointer(pb + i + 8).loadUnaligned(as: SIMD8<Double>.self)
            let c0 = UnsafeRawPointer(pc + i).loadUnaligned(as: SIMD8<Double>.self)
            let c1 = UnsafeRawPointer(pc + i + 8).loadUnaligned(as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(po + i).storeBytes(of: c0 + a0 * b0, as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(po + i + 8).storeBytes(of: c1 + a1 * b1, as: SIMD8<Double>.self)
            i += 16
        }
        while i < n {
            po[i] = pc[i] + pa[i] * pb[i]
            i += 1
        }
    }

    /// out[i] = op(a[i]) for a unary function applied lane by lane.
    @inline(__always)
    static func unary(_ a: Buffer, _ out: MutableBuffer, _ op: (Double) -> Double) {
        let pa = a.baseAddress!, po = out.baseAddress!
        for i in 0..<out.count { po[i] = op(pa[i]) }
    }

    /// Sum with eight-lane, four-accumulator SIMD blocks combined pairwise.
    ///
    /// Blocks of 4096 elements are summed in SIMD lanes and the block sums are
    /// combined pairwise, so the rounding error grows like O(log n) rather
    /// than O(n) while the inner loop stays at memory bandwidth.
    static func sum(_ a: Buffer) -> Double {
        let blockSize = 4096
        if a.count <= blockSize { return blockSum(a) }
        let half = (a.count / blockSize / 2) * blockSize
        let split = max(half, blockSize)
        return sum(Buffer(rebasing: a[0..<split])) + sum(Buffer(rebasing: a[split...]))
    }

    private static func blockSum(_ a: Buffer) -> Double {
        guard let p = a.baseAddress else { return 0 }
        let n = a.count
        var s0 = SIMD8<Double>(), s1 = SIMD8<Double>(), s2 = SIMD8<Double>(), s3 = SIMD8<Double>()
        var i = 0
        while i + 32 <= n {
            s0 += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Double>.self)
            s1 += UnsafeRawPointer(p + i + 8).loadUnaligned(as: SIMD8<Double>.self)
            s2 += UnsafeRawPointer(p + i + 16).loadUnaligned(as: SIMD8<Double>.self)
            s3 += UnsafeRawPointer(p + i + 24).loadUnaligned(as: SIMD8<Double>.self)
            i += 32
        }
        var total = ((s0 + s1) + (s2 + s3)).sum()
        while i < n {
            total += p[i]
            i += 1
        }
        return total
    }
}
