import Numerics

/// Allocation of a loaded column's final storage.
///
/// Columns of a large file are tens of megabytes written once, front to back:
/// they are allocated uninitialised and advised to use 2 MiB pages where the
/// kernel allows it (`LargeArray.adviseHugePages`, as `Numerics` does for its
/// large results), which cuts the first-touch page faults 512-fold.
enum ColumnStorage {
    /// An array of `count` elements that `fill` initialises completely.
    static func make<Element>(count: Int, _ fill: (UnsafeMutableBufferPointer<Element>) -> Void) -> [Element] {
        LargeArray.make(count: count, fill)
    }

    /// An empty array with room for `capacity` elements, to be filled by appending.
    static func reserved<Element>(capacity: Int) -> [Element] {
        [Element](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            LargeArray.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            initialized = 0
        }
    }
}
