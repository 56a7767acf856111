import Synchronization

/// The final storage of a parallel load's columns, filled in chunk order while
/// the parse is still running.
///
/// Chunks are parsed in any order into recycled payload buffers; as soon as a
/// chunk and all chunks before it are parsed, whichever worker completes that
/// prefix appends their words to one array per column (reserved up front from
/// the row estimate, huge-page advised) and hands the buffers back to the
/// pool. Each value is therefore written twice into cache-warm memory and once
/// into the table, instead of into fresh per-chunk pages and then copied again.
/// Words keep the builder's bit patterns (integers and booleans too):
/// `ColumnAssembler` converts them once the column's type is known. Flushing
/// stops at the first chunk that did not parse cleanly; the reader resolves
/// that one and the rest as before, from their own payloads.
final class ColumnSink: Sendable {
    private struct Order {
        var ready: [Bool]
        var next = 0
        var flushing = false
        var stopped = false
    }

    private let columns: Slots<[Double]>
    private let order: Mutex<Order>
    private let pool: PayloadPool

    /// Storage for `columnCount` columns of about `expectedRows` rows over `chunkCount` chunks.
    init(columnCount: Int, chunkCount: Int, expectedRows: Int, pool: PayloadPool) {
        columns = Slots(count: columnCount)
        for c in 0..<columnCount { columns[c] = ColumnStorage.reserved(capacity: expectedRows) }
        order = Mutex(Order(ready: Array(repeating: false, count: chunkCount)))
        self.pool = pool
    }

    /// The number of chunks whose words are in the sink (read after the workers have joined).
    var flushedChunks: Int { order.withLock { $0.next } }

    /// Column `c`'s words of the flushed chunks, moved out; nil once the column turned to text.
    func take(_ c: Int) -> [Double]? { columns.take(c) }

    /// Records that `results[k]` is stored, and flushes every chunk that is now
    /// at the front of the order, unless another worker is already doing so.
    func parsed(_ k: Int, results: Slots<ChunkResult>) {
        var next = order.withLock { s -> Int? in
            s.ready[k] = true
            return Self.claim(&s, starting: true)
        }
        while let k = next {
            let clean = flush(k, results: results)
            next = order.withLock { s -> Int? in
                if clean { s.next += 1 } else { s.stopped = true }
                return Self.claim(&s, starting: false)
            }
        }
    }

    /// The chunk the caller should flush next, if any; makes the caller the flusher.
    private static func claim(_ s: inout Order, starting: Bool) -> Int? {
        if starting, s.flushing { return nil }
        guard !s.stopped, s.next < s.ready.count, s.ready[s.next] else {
            s.flushing = false
            return nil
        }
        s.flushing = true
        return s.next
    }

    /// Appends chunk `k`'s words to the columns; false when the chunk did not parse cleanly.
    private func flush(_ k: Int, results: Slots<ChunkResult>) -> Bool {
        guard var chunk = results.take(k) else { return false }
        defer { results[k] = chunk }
        guard case .done = chunk.outcome else { return false }
        let rows = chunk.rowCount
        for c in chunk.builders.indices {
            let payload = chunk.builders[c].detachPayload()
            guard var column = columns.take(c) else {
                if let payload { pool.give(payload) }
                continue
            }
            // A text chunk makes the whole column text: its numbers are no longer needed.
            guard let payload, chunk.builders[c].state != .text else { continue }
            payload.base.withMemoryRebound(to: Double.self, capacity: rows) { column.append(contentsOf: UnsafeBufferPointer(start: $0, count: rows)) }
            pool.give(payload)
            columns[c] = column
        }
        return true
    }
}
