import CBLAS
import Foundation

/// Thin typed wrappers over the level-1/2/3 BLAS routines the core uses.
///
/// LAPACK and BLAS take 32-bit dimensions here (Debian's OpenBLAS is built
/// without 64-bit integers), so every size is checked before the call.
enum BLAS {
    /// Converts a dimension to BLAS's integer type.
    static func dimension(_ n: Int, _ operation: String) throws -> Int32 {
        guard let value = Int32(exactly: max(n, 0)) else {
            throw NumericsError.invalidArgument(operation: operation, detail: "dimension \(n) exceeds BLAS's 32-bit limit")
        }
        return value
    }

    /// The leading dimension LAPACK requires: at least 1 even for empty matrices.
    static func leading(_ rows: Int) -> Int32 { Int32(max(rows, 1)) }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        guard !a.isEmpty, let n = Int32(exactly: a.count) else { return a.isEmpty ? 0 : naiveDot(a, b) }
        return cblas_ddot(n, a, 1, b, 1)
    }

    static func norm(_ a: [Double]) -> Double {
        guard !a.isEmpty, let n = Int32(exactly: a.count) else { return a.isEmpty ? 0 : naiveNorm(a) }
        return cblas_dnrm2(n, a, 1)
    }

    private static func naiveDot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    private static func naiveNorm(_ a: [Double]) -> Double {
        let scale = a.reduce(0) { max($0, abs($1)) }
        guard scale > 0, scale.isFinite else { return scale }
        var s = 0.0
        for x in a { s += (x / scale) * (x / scale) }
        return scale * s.squareRoot()
    }

    /// C = op(A) · op(B) for column-major A and B.
    static func gemm(
        _ a: Matrix, transposeA: Bool, _ b: Matrix, transposeB: Bool,
        rows m: Int, columns n: Int, inner k: Int
    ) throws -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        guard m > 0, n > 0, k > 0 else { return c }
        let (m32, n32, k32) = (try dimension(m, "matmul"), try dimension(n, "matmul"), try dimension(k, "matmul"))
        c.withUnsafeMutableBufferPointer { pc in
            cblas_dgemm(
                CblasColMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                m32, n32, k32, 1.0,
                a.storage, leading(a.rows), b.storage, leading(b.rows),
                0.0, pc.baseAddress, leading(m))
        }
        return c
    }

    /// y = op(A) · x for a column-major A.
    static func gemv(_ a: Matrix, transpose: Bool, _ x: [Double]) throws -> [Double] {
        let outputCount = transpose ? a.columns : a.rows
        var y = [Double](repeating: 0, count: outputCount)
        guard a.rows > 0, a.columns > 0 else { return y }
        let (m32, n32) = (try dimension(a.rows, "matmul"), try dimension(a.columns, "matmul"))
        y.withUnsafeMutableBufferPointer { py in
            cblas_dgemv(
                CblasColMajor, transpose ? CblasTrans : CblasNoTrans, m32, n32, 1.0,
                a.storage, leading(a.rows), x, 1, 0.0, py.baseAddress, 1)
        }
        return y
    }

    /// C = op(A)·op(B), or C += op(A)·op(B) when `accumulate`, on raw
    /// column-major buffers with explicit leading dimensions, for kernels that
    /// walk matrices in chunks. Sizes must already have passed `dimension(_:_:)`.
    static func product(
        _ a: UnsafePointer<Double>, leadingA: Int, transposeA: Bool,
        _ b: UnsafePointer<Double>, leadingB: Int, transposeB: Bool,
        into c: UnsafeMutablePointer<Double>, leadingC: Int, rows m: Int, columns n: Int, inner k: Int, accumulate: Bool
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        cblas_dgemm(
            CblasColMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), 1.0,
            a, leading(leadingA), b, leading(leadingB), accumulate ? 1.0 : 0.0, c, leading(leadingC))
    }

    /// Runs `body` with OpenBLAS on `count` threads, then restores the previous
    /// count. OpenBLAS's thread count is one process-wide setting, so scopes and
    /// `setThreads` are serialised by one lock, held for the whole scope: no
    /// other thread can change the count under `body`. `body` may open nested
    /// scopes on its own thread, and may run BLAS on threads it starts, but
    /// must not wait for threads that open scopes. BLAS calls that other
    /// threads make meanwhile run with the scope's count, which can change
    /// their last bits, not only their speed: OpenBLAS computes the rows at a
    /// thread split's edges with other kernels, whose sums round differently.
    static func withThreads<T>(_ count: Int, _ body: () throws -> T) rethrows -> T {
        threadScope.lock()
        defer { threadScope.unlock() }
        let previous = openblas_get_num_threads()
        let wanted = Int32(Swift.max(1, count))
        guard wanted != previous else { return try body() }
        openblas_set_num_threads(wanted)
        defer { openblas_set_num_threads(previous) }
        return try body()
    }

    /// Sets OpenBLAS's thread count from now on, once no scope is open.
    static func setThreads(_ count: Int) {
        threadScope.lock()
        defer { threadScope.unlock() }
        openblas_set_num_threads(Int32(Swift.max(1, count)))
    }

    private static let threadScope = NSRecursiveLock()
}
