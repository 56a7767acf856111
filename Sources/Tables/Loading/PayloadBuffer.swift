#if canImport(Glibc)
import Glibc
#endif

/// The memory behind one column of one chunk: 64-bit words (doubles,
/// integers or booleans by bit pattern), one per row.
///
/// Mapped straight from the kernel rather than from malloc: chunk buffers
/// are a few hundred kilobytes, which malloc would serve from its heap and
/// keep after they are freed, so the table's final columns would land on
/// fresh pages next to a heap still holding a second copy of the table.
/// `munmap` gives each buffer back the moment its column is assembled. The
/// builder writes through `base` directly; this class only owns the mapping.
final class PayloadBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt64>
    /// Words the mapping holds.
    private(set) var capacity: Int
    private var released = false

    /// A buffer with room for at least `capacity` words.
    init(capacity: Int) {
        let bytes = Self.roundedBytes(Swift.max(capacity, 512))
        guard let memory = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), memory != MAP_FAILED else {
            fatalError("out of memory mapping a column buffer of \(bytes) bytes")
        }
        base = memory.assumingMemoryBound(to: UInt64.self)
        self.capacity = bytes / 8
    }

    deinit { release() }

    /// Doubles the capacity, keeping the first `used` words. Rare: buffers are sized from
    /// the input's average line length with a margin.
    func grow(keeping used: Int) {
        let bigger = PayloadBuffer(capacity: capacity * 2)
        bigger.base.update(from: base, count: used)
        munmap(base, capacity * 8)
        base = bigger.base
        capacity = bigger.capacity
        bigger.released = true  // its mapping now belongs to this buffer
    }

    /// Gives the memory back; the buffer must not be used afterwards.
    func release() {
        guard !released else { return }
        released = true
        munmap(base, capacity * 8)
    }

    private static func roundedBytes(_ words: Int) -> Int {
        let page = 4096
        return (words * 8 + page - 1) / page * page
    }
}
