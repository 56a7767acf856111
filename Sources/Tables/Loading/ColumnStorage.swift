#if canImport(Glibc)
import Glibc
#endif

/// Allocation of a loaded column's final storage.
///
/// Columns of a large file are tens of megabytes written once, front to back:
/// they are allocated uninitialised and advised to use 2 MiB pages where the
/// kernel allows it (as `Numerics` does for its large results), which cuts
/// the first-touch page faults 512-fold.
enum ColumnStorage {
    /// An array of `count` elements that `fill` initialises completely.
    static func make<Element>(count: Int, _ fill: (UnsafeMutableBufferPointer<Element>) -> Void) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            fill(buffer)
            initialized = count
        }
    }

    private static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc)
        let hugePage = 2 << 20
        guard buffer.count >= 2 * hugePage, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(hugePage - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        // Advice only: without transparent huge pages the call fails and ordinary pages are used.
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }
}
