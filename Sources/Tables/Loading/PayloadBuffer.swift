#if canImport(Glibc)
import Glibc
#endif

/// The memory behind one column of one chunk: 64-bit words (doubles,
/// integers or booleans by bit pattern), one per row.
///
/// A buffer of at least `mappingThreshold` bytes is mapped straight from the
/// kernel rather than from malloc: chunk buffers of a long, narrow file are a
/// few hundred kilobytes, which malloc would serve from its heap and keep after
/// they are freed, so the table's final columns would land on fresh pages next
/// to a heap still holding a second copy of the table; `munmap` gives each back
/// the moment its column is assembled. Smaller buffers (a wide file's chunks
/// hold few rows per column) come from malloc: a page-sized mapping for each of
/// a million columns took gigabytes, and unmapping them one by one kept both
/// cores flushing each other's TLBs. The builder writes through `base`
/// directly; this class only owns the memory.
final class PayloadBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt64>
    /// Words the buffer holds.
    private(set) var capacity: Int
    private var mapped: Bool
    private var released = false

    static let mappingThreshold = 16 << 10

    /// A buffer with room for at least `capacity` words.
    init(capacity: Int) {
        let bytes = Swift.max(capacity, 16) * 8
        if bytes < Self.mappingThreshold {
            guard let memory = malloc(bytes) else { fatalError("out of memory allocating a column buffer of \(bytes) bytes") }
            base = memory.assumingMemoryBound(to: UInt64.self)
            self.capacity = bytes / 8
            mapped = false
            return
        }
        let rounded = Self.pageRounded(bytes)
        guard let memory = mmap(nil, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), memory != MAP_FAILED else {
            fatalError("out of memory mapping a column buffer of \(rounded) bytes")
        }
        base = memory.assumingMemoryBound(to: UInt64.self)
        self.capacity = rounded / 8
        mapped = true
    }

    deinit { release() }

    /// Doubles the capacity, keeping the first `used` words. Rare: buffers are sized from
    /// the input's average line length with a margin.
    func grow(keeping used: Int) {
        let bigger = PayloadBuffer(capacity: capacity * 2)
        bigger.base.update(from: base, count: used)
        freeMemory()
        (base, capacity, mapped) = (bigger.base, bigger.capacity, bigger.mapped)
        bigger.released = true  // its memory now belongs to this buffer
    }

    /// Gives the memory back; the buffer must not be used afterwards.
    func release() {
        guard !released else { return }
        released = true
        freeMemory()
    }

    private func freeMemory() {
        if mapped { munmap(base, capacity * 8) } else { free(base) }
    }

    private static func pageRounded(_ bytes: Int) -> Int {
        let page = 4096
        return (bytes + page - 1) / page * page
    }
}
