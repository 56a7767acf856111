import Synchronization

/// Recycles chunk payload buffers within one parallel load.
///
/// Each chunk needs one word buffer per column only until its words are
/// appended to the final columns (`ColumnSink`). Mapping a fresh buffer per
/// chunk made the kernel zero new pages for every chunk, and unmapping it
/// flushed both cores' TLBs; a recycled buffer is still resident and warm in cache.
final class PayloadPool: Sendable {
    private let free = Mutex<[PayloadBuffer]>([])

    /// A buffer with room for at least `capacity` words, recycled when one is free.
    func take(capacity: Int) -> PayloadBuffer {
        if let buffer = free.withLock({ $0.popLast() }) {
            if buffer.capacity >= capacity { return buffer }
            buffer.release()
        }
        return PayloadBuffer(capacity: capacity)
    }

    /// Hands `buffer` back for a later chunk; the caller must not use it any more.
    func give(_ buffer: PayloadBuffer) {
        free.withLock { $0.append(buffer) }
    }

    /// Buffers waiting for a chunk.
    var idleCount: Int { free.withLock { $0.count } }

    /// Frees the idle buffers once no chunk is left to parse. The pool holds a buffer per
    /// column for each chunk that was in flight at once: a few megabytes for a long file,
    /// but hundreds for a wide one, which would otherwise stay through the assembly.
    func drain() {
        let idle = free.withLock { pool in
            defer { pool = [] }
            return pool
        }
        for buffer in idle { buffer.release() }
    }
}
