#if canImport(Glibc)
import Glibc
#endif

/// A growable buffer of 64-bit words (doubles, integers or booleans by bit
/// pattern) for one column of one chunk.
///
/// Manually managed so that appends in the parse loop are a store and a
/// compare, growth is `realloc` (which moves large blocks by remapping pages
/// rather than copying), and the memory can be freed the moment the column
/// has been assembled.
final class PayloadBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt64>?
    private(set) var count = 0
    private var capacity = 0

    /// An empty buffer with room for `capacity` words.
    init(capacity: Int) {
        reserve(Swift.max(capacity, 16))
    }

    deinit { free(base) }

    /// Appends one word.
    @inline(__always)
    func append(_ word: UInt64) {
        if count == capacity { reserve(capacity * 2) }
        base.unsafelyUnwrapped[count] = word
        count += 1
    }

    /// The words written so far.
    var words: UnsafeBufferPointer<UInt64> {
        UnsafeBufferPointer(start: base, count: count)
    }

    /// Rewrites every word in place.
    func transform(_ body: (UInt64) -> UInt64) {
        for i in 0..<count { base.unsafelyUnwrapped[i] = body(base.unsafelyUnwrapped[i]) }
    }

    /// Gives the memory back; the buffer is empty afterwards.
    func release() {
        free(base)
        base = nil
        count = 0
        capacity = 0
    }

    private func reserve(_ newCapacity: Int) {
        guard let grown = realloc(base, newCapacity * MemoryLayout<UInt64>.stride) else {
            fatalError("out of memory growing a column buffer to \(newCapacity) values")
        }
        base = grown.assumingMemoryBound(to: UInt64.self)
        capacity = newCapacity
    }
}
