/// Sorts a feature's values with their rows, in place: introsort
/// (median-of-three quicksort, heapsort past a depth limit, insertion sort
/// for short ranges) on two parallel buffers, as scikit-learn's splitter does.
///
/// Why not `Array.sort`: the standard library's stable merge sort on
/// (value, row) tuples through a closure was a third of a forest's fit when
/// every node sorted. Not stable: `FeatureOrder` puts equal values back in
/// row order afterwards. The result is deterministic.
enum FeatureSort {
    static func sort(_ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, count: Int) {
        guard count > 1 else { return }
        var depthLimit = 0
        var n = count
        while n > 1 { depthLimit += 2; n >>= 1 }
        introsort(values, rows, count, depthLimit)
    }

    private static func swapAt(_ v: UnsafeMutablePointer<Double>, _ r: UnsafeMutablePointer<Int>, _ i: Int, _ j: Int) {
        (v[i], v[j]) = (v[j], v[i])
        (r[i], r[j]) = (r[j], r[i])
    }

    private static func introsort(_ v: UnsafeMutablePointer<Double>, _ r: UnsafeMutablePointer<Int>, _ count: Int, _ depth: Int) {
        var v = v, r = r, n = count, depth = depth
        while n > 16 {
            if depth == 0 {
                heapsort(v, r, n)
                return
            }
            depth -= 1
            // Median of first, middle and last as the pivot.
            let mid = n / 2
            if v[mid] < v[0] { swapAt(v, r, mid, 0) }
            if v[n - 1] < v[mid] {
                swapAt(v, r, n - 1, mid)
                if v[mid] < v[0] { swapAt(v, r, mid, 0) }
            }
            let pivot = v[mid]
            // Three-way partition: < pivot, == pivot, > pivot (many equal
            // values are common in real features).
            var lt = 0, i = 0, gt = n
            while i < gt {
                if v[i] < pivot {
                    swapAt(v, r, i, lt); lt += 1; i += 1
                } else if v[i] > pivot {
                    gt -= 1; swapAt(v, r, i, gt)
                } else {
                    i += 1
                }
            }
            // Recurse into the smaller side, loop on the larger.
            if lt < n - gt {
                introsort(v, r, lt, depth)
                v += gt; r += gt; n -= gt
            } else {
                introsort(v + gt, r + gt, n - gt, depth)
                n = lt
            }
        }
        // Insertion sort for the short rest.
        if n < 2 { return }
        for i in 1..<n {
            let key = v[i], row = r[i]
            var j = i
            while j > 0, v[j - 1] > key {
                v[j] = v[j - 1]; r[j] = r[j - 1]; j -= 1
            }
            v[j] = key; r[j] = row
        }
    }

    private static func heapsort(_ v: UnsafeMutablePointer<Double>, _ r: UnsafeMutablePointer<Int>, _ n: Int) {
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while 2 * root + 1 < end {
                var child = 2 * root + 1
                if child + 1 < end, v[child] < v[child + 1] { child += 1 }
                guard v[root] < v[child] else { return }
                swapAt(v, r, root, child)
                root = child
            }
        }
        for start in stride(from: n / 2 - 1, through: 0, by: -1) { siftDown(start, n) }
        for end in stride(from: n - 1, to: 0, by: -1) {
            swapAt(v, r, 0, end)
            siftDown(0, end)
        }
    }
}
