#if canImport(Glibc)
import Glibc
#endif

/// Allocation of large result arrays without the avoidable costs.
///
/// A result of tens of megabytes comes from fresh pages of the kernel, and
/// every 4 KiB page faults on first touch; for element-wise kernels that fault
/// cost is larger than the arithmetic. Large results are therefore written
/// uninitialised (no zero fill that the kernel then overwrites) and, where
/// transparent huge pages are in `madvise` mode, advised to use 2 MiB pages,
/// which cut the faults 512-fold (numpy does the same for its large arrays).
public enum LargeArray {
    /// Arrays at least this large are advised to use huge pages.
    static let hugePageThreshold = 4 << 20
    private static let hugePageSize = 2 << 20

    /// An array of `count` elements whose every element `initialize` writes.
    ///
    /// `initialize` must write all `count` elements: the memory starts uninitialised.
    public static func make<Element>(count: Int, _ initialize: (UnsafeMutableBufferPointer<Element>) throws -> Void) rethrows -> [Element] {
        try [Element](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            try initialize(buffer)
            initializedCount = count
        }
    }

    /// Asks for huge pages on the 2 MiB-aligned interior of `buffer`; a no-op
    /// for small buffers and where the call is unavailable.
    public static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc)
        guard buffer.count >= hugePageThreshold, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + hugePageSize - 1) & ~(hugePageSize - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(hugePageSize - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        // Advice only: failure (e.g. huge pages disabled) leaves ordinary pages.
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }
}
