extension Vector {
    /// Calls `body` with the elements' contiguous storage; never returns nil.
    ///
    /// Lets generic `Collection` algorithms, such as the descriptive statistics, read a vector
    /// in place instead of copying it element by element.
    public func withContiguousStorageIfAvailable<R>(
        _ body: (UnsafeBufferPointer<Double>) throws -> R
    ) rethrows -> R? {
        try elements.withUnsafeBufferPointer(body)
    }
}
