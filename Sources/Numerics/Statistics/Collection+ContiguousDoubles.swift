extension Collection where Element == Double {
    /// Calls `body` with the elements in contiguous memory, copying only when the collection
    /// does not already store them contiguously.
    @inline(__always)
    func withDoubles<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        if let result = try withContiguousStorageIfAvailable(body) { return result }
        return try Array(self).withUnsafeBufferPointer(body)
    }

    /// A copy of the elements without NaNs under `.skip`; nil under `.propagate` when a NaN is
    /// present, since every order statistic is then NaN.
    func nanFreeCopy(_ missing: MissingValues) -> [Double]? {
        withDoubles { buffer in
            var sawNaN = false
            let copy = [Double](unsafeUninitializedCapacity: buffer.count) { target, initialized in
                var kept = 0
                for x in buffer {
                    target[kept] = x
                    // Branch-free keep: NaNs are overwritten by the next element.
                    kept &+= x.isNaN ? 0 : 1
                }
                sawNaN = kept != buffer.count
                initialized = kept
            }
            return sawNaN && missing == .propagate ? nil : copy
        }
    }
}
