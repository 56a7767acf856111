import Foundation

/// In-place selection (nth_element): after `select(k:)`, position k holds the value it would
/// hold if the buffer were sorted, smaller-or-equal values lie before it and greater-or-equal
/// values after it.
///
/// Uses Floyd and Rivest's SELECT (CACM 1975, Algorithm 489): on large ranges it first selects
/// recursively within a small sample around the expected position of k, so the pivot is
/// almost always very close and each pass discards most of the range; expected comparisons
/// are about n + min(k, n − k). A pass budget guards against pathological inputs by falling
/// back to sorting the remaining range. The buffer must not contain NaN.
enum Selection {
    /// Ranges shorter than this are partitioned around `a[k]` directly, without sampling.
    private static let samplingThreshold = 600

    /// Moves the k-th smallest element of `buffer[range]` to position k.
    static func select(_ buffer: UnsafeMutableBufferPointer<Double>, k: Int, in range: Range<Int>) {
        precondition(range.contains(k), "selection index outside its range")
        if k == range.lowerBound {
            moveExtreme(buffer, to: k, in: range, smallest: true)
        } else if k == range.upperBound - 1 {
            moveExtreme(buffer, to: k, in: range, smallest: false)
        } else {
            var budget = 4 * (Int.bitWidth - range.count.leadingZeroBitCount) + 16
            floydRivest(buffer, k: k, left: range.lowerBound, right: range.upperBound - 1, budget: &budget)
        }
    }

    /// One linear scan instead of partitioning: the common case of the element right after an
    /// already selected one.
    private static func moveExtreme(
        _ a: UnsafeMutableBufferPointer<Double>, to k: Int, in range: Range<Int>, smallest: Bool
    ) {
        var best = k
        for i in range where smallest ? a[i] < a[best] : a[i] > a[best] { best = i }
        a.swapAt(k, best)
    }

    private static func floydRivest(
        _ a: UnsafeMutableBufferPointer<Double>, k: Int, left initialLeft: Int, right initialRight: Int,
        budget: inout Int
    ) {
        var left = initialLeft, right = initialRight
        while right > left {
            budget -= 1
            if budget < 0 {
                var slice = UnsafeMutableBufferPointer(rebasing: a[left...right])
                slice.sort()
                return
            }
            if right - left > samplingThreshold {
                let (sampleLeft, sampleRight) = sampleBounds(k: k, left: left, right: right)
                floydRivest(a, k: k, left: sampleLeft, right: sampleRight, budget: &budget)
            }
            let j = partition(a, k: k, left: left, right: right)
            if j <= k { left = j + 1 }
            if k <= j { right = j - 1 }
        }
    }

    /// The sample range whose selection puts a pivot just on the near side of k, with the
    /// sample size and offset of Floyd and Rivest's paper.
    private static func sampleBounds(k: Int, left: Int, right: Int) -> (Int, Int) {
        let n = Double(right - left + 1)
        let i = Double(k - left + 1)
        let z = log(n)
        let s = 0.5 * exp(2 * z / 3)
        let sign: Double = i < n / 2 ? -1 : 1
        let sd = 0.5 * (z * s * (n - s) / n).squareRoot() * sign
        let newLeft = Swift.max(left, Int(Double(k) - i * s / n + sd))
        let newRight = Swift.min(right, Int(Double(k) + (n - i) * s / n + sd))
        return (newLeft, newRight)
    }

    /// Partitions `a[left...right]` around t = a[k]; returns the final position of t.
    private static func partition(_ a: UnsafeMutableBufferPointer<Double>, k: Int, left: Int, right: Int) -> Int {
        let t = a[k]
        var i = left, j = right
        a.swapAt(left, k)
        if a[right] > t { a.swapAt(right, left) }
        while i < j {
            a.swapAt(i, j)
            i += 1
            j -= 1
            while a[i] < t { i += 1 }
            while a[j] > t { j -= 1 }
        }
        if a[left] == t {
            a.swapAt(left, j)
        } else {
            j += 1
            a.swapAt(j, right)
        }
        return j
    }
}
