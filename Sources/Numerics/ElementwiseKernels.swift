import CKernels

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

    /// out[i] = a[i] * b[i] + c[i] in one pass, with no temporaries; large
    /// outputs bypass the cache (see CKernels).
    static func multiplyAdd(_ a: Buffer, _ b: Buffer, _ c: Buffer, _ out: MutableBuffer) {
        guard !out.isEmpty else { return }
        mlx_multiply_add(a.baseAddress!, b.baseAddress!, c.baseAddress!, out.baseAddress!, out.count)
    }

    /// out[i] = op(a[i]) for a unary function applied lane by lane.
    @inline(__always)
    static func unary(_ a: Buffer, _ out: MutableBuffer, _ op: (Double) -> Double) {
        let pa = a.baseAddress!, po = out.baseAddress!
        for i in 0..<out.count { po[i] = op(pa[i]) }
    }
}
