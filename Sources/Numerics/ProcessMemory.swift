/// Process-wide memory policy for programs that work on large arrays.
///
/// glibc serves allocations above a dynamic threshold (at most 32 MiB by
/// default) with fresh `mmap` pages and unmaps them on free, so every large
/// temporary pays one page fault per 4 KiB on first touch; on virtual machines
/// that return idle memory to the host, touching it again is slower still.
/// Raising the mmap and trim thresholds keeps freed large blocks in the heap
/// for the next array of similar size, the trade a caching allocator makes:
/// lower latency for a resident set that stays at its high-water mark.
public enum ProcessMemory {
    /// Keeps blocks up to `limit` bytes in the heap after they are freed.
    ///
    /// Call once at start-up, before large arrays exist; the executables
    /// (`mlx`, `mlx-bench`) do. A no-op where the allocator has no such knobs.
    public static func retainLargeAllocations(upTo limit: Int = 1 << 30) {
        #if os(Linux)
        let value = Int32(clamping: limit)
        _ = glibcMallopt(glibcMmapThreshold, value)
        _ = glibcMallopt(glibcTrimThreshold, value)
        #endif
    }

    // <malloc.h> is not part of Swift's Glibc module; these are its values.
    private static let glibcTrimThreshold: Int32 = -1
    private static let glibcMmapThreshold: Int32 = -3
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
