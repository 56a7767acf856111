/// SIMD summation loops over contiguous doubles.
///
/// Each block of `blockLength` elements is summed with four `SIMD8<Double>` accumulators
/// (32 independent lanes, so the loop runs at memory bandwidth instead of waiting on one
/// dependency chain), and the block sums are combined with Neumaier compensation. A lane adds
/// at most `blockLength / 32` values, so the error stays within a few dozen ulps of each
/// block's magnitude while the combination adds almost nothing: close to pairwise summation.
enum SummationKernels {
    /// Elements per compensated block; a multiple of 32 small enough to stay in L1.
    static let blockLength = 2048
    /// Inputs up to this length are summed with every addition compensated.
    static let shortInput = 4096

    /// The sum of all elements, NaN if any element is NaN; 0 for empty input.
    static func sum(_ buffer: UnsafeBufferPointer<Double>) -> Double {
        // Short inputs (a notebook's columns) get full compensation of every
        // addition, which typically yields the correctly rounded sum; the SIMD
        // path below would leave a few ulps for the sake of bandwidth.
        if buffer.count <= shortInput {
            var exact = NeumaierSum()
            for x in buffer { exact.add(x) }
            return exact.value
        }
        var total = NeumaierSum()
        forEachBlock(buffer) { start, count in total.add(blockSum(start, count)) }
        return total.value
    }

    /// The sum of the non-NaN elements and how many there are.
    static func sumSkippingNaN(_ buffer: UnsafeBufferPointer<Double>) -> (sum: Double, count: Int) {
        if buffer.count <= shortInput {
            var exact = NeumaierSum()
            var count = 0
            for x in buffer where !x.isNaN {
                exact.add(x)
                count += 1
            }
            return (exact.value, count)
        }
        var total = NeumaierSum()
        var nanCount = 0
        forEachBlock(buffer) { start, count in
            let block = blockSumSkippingNaN(start, count)
            total.add(block.sum)
            nanCount += block.nanCount
        }
        return (total.value, buffer.count - nanCount)
    }

    /// Σ(x − center) and Σ(x − center)², over non-NaN elements when `skipNaN` is set.
    ///
    /// The first sum is the correction term of the corrected two-pass variance algorithm
    /// (Chan, Golub and LeVeque): it is zero in exact arithmetic and measures the error left in
    /// `center`.
    static func centeredSums(
        _ buffer: UnsafeBufferPointer<Double>, center: Double, skipNaN: Bool
    ) -> (linear: Double, squares: Double) {
        var linear = NeumaierSum()
        var squares = NeumaierSum()
        forEachBlock(buffer) { start, count in
            let block = skipNaN
                ? blockCenteredSums(start, count, center: center, skipNaN: true)
                : blockCenteredSums(start, count, center: center, skipNaN: false)
            linear.add(block.linear)
            squares.add(block.squares)
        }
        return (linear.value, squares.value)
    }

    @inline(__always)
    private static func forEachBlock(
        _ buffer: UnsafeBufferPointer<Double>, _ body: (UnsafePointer<Double>, Int) -> Void
    ) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let count = Swift.min(blockLength, buffer.count - offset)
            body(base + offset, count)
            offset += count
        }
    }

    @inline(__always)
    private static func load(_ start: UnsafePointer<Double>, _ index: Int) -> SIMD8<Double> {
        UnsafeRawPointer(start + index).loadUnaligned(as: SIMD8<Double>.self)
    }

    private static func blockSum(_ start: UnsafePointer<Double>, _ count: Int) -> Double {
        var a0 = SIMD8<Double>(), a1 = SIMD8<Double>(), a2 = SIMD8<Double>(), a3 = SIMD8<Double>()
        var i = 0
        while i + 32 <= count {
            a0 += load(start, i)
            a1 += load(start, i + 8)
            a2 += load(start, i + 16)
            a3 += load(start, i + 24)
            i += 32
        }
        while i + 8 <= count {
            a0 += load(start, i)
            i += 8
        }
        var sum = ((a0 + a1) + (a2 + a3)).sum()
        while i < count {
            sum += start[i]
            i += 1
        }
        return sum
    }

    private static func blockSumSkippingNaN(_ start: UnsafePointer<Double>, _ count: Int) -> (sum: Double, nanCount: Int) {
        var a0 = SIMD8<Double>(), a1 = SIMD8<Double>()
        var nans = SIMD8<Int64>()
        var i = 0
        while i + 16 <= count {
            let x0 = load(start, i), x1 = load(start, i + 8)
            let m0 = x0 .!= x0, m1 = x1 .!= x1
            a0 += x0.replacing(with: 0, where: m0)
            a1 += x1.replacing(with: 0, where: m1)
            nans &+= SIMD8<Int64>().replacing(with: 1, where: m0) &+ SIMD8<Int64>().replacing(with: 1, where: m1)
            i += 16
        }
        var sum = (a0 + a1).sum()
        var nanCount = Int(nans.wrappedSum())
        while i < count {
            if start[i].isNaN { nanCount += 1 } else { sum += start[i] }
            i += 1
        }
        return (sum, nanCount)
    }

    @inline(__always)
    private static func blockCenteredSums(
        _ start: UnsafePointer<Double>, _ count: Int, center: Double, skipNaN: Bool
    ) -> (linear: Double, squares: Double) {
        let c = SIMD8<Double>(repeating: center)
        var l0 = SIMD8<Double>(), l1 = SIMD8<Double>(), q0 = SIMD8<Double>(), q1 = SIMD8<Double>()
        var i = 0
        while i + 16 <= count {
            let x0 = load(start, i), x1 = load(start, i + 8)
            var d0 = x0 - c, d1 = x1 - c
            if skipNaN {
                // Mask on the input, not on d: ∞ − ∞ must stay NaN, as numpy's nanvar gives.
                d0.replace(with: 0, where: x0 .!= x0)
                d1.replace(with: 0, where: x1 .!= x1)
            }
            l0 += d0
            l1 += d1
            q0 += d0 * d0
            q1 += d1 * d1
            i += 16
        }
        var linear = (l0 + l1).sum(), squares = (q0 + q1).sum()
        while i < count {
            let d = start[i] - center
            if !(skipNaN && start[i].isNaN) {
                linear += d
                squares += d * d
            }
            i += 1
        }
        return (linear, squares)
    }
}
