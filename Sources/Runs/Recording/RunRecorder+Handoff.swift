// What the front end's thread hands the recorder's writer, and what the writer
// hands back: the cells to complete and the first failure.
import Foundation
import Language

extension RunRecorder {
    /// A finished cell the writer still has to complete: its models to store
    /// and name, its value digest to hash.
    struct UnwrittenCell: Sendable {
        var write: RunStore.CellWrite
        var valueDigest: @Sendable () -> String?
        var models: [ModelValue]
        /// Its value digest hashes enough data to be worth the writer's thread.
        var isLarge = false

        /// Completing it takes long enough to be worth a thread's start: a large
        /// value to hash, or a model whose document must be written (a forest's
        /// took 0.9 ms, which an unrecorded run never spends).
        var isSlowToComplete: Bool { isLarge || !models.isEmpty }
    }

    /// Finished cells the writer has yet to complete and put in the database.
    final class UnwrittenCells: @unchecked Sendable {
        private let lock = NSLock()
        private var writes = [UnwrittenCell]()

        /// Queues `write`; true if the queue was empty, so a write must be scheduled.
        func append(_ write: UnwrittenCell) -> Bool {
            lock.withLock {
                writes.append(write)
                return writes.count == 1
            }
        }

        func takeAll() -> [UnwrittenCell] {
            lock.withLock {
                defer { writes = [] }
                return writes
            }
        }
    }

    /// The first store failure, set on the writer's thread and reported on the front end's.
    final class FailureNote: @unchecked Sendable {
        private let lock = NSLock()
        private var error: StoreError?
        private var reported = false

        func set(_ error: StoreError) {
            lock.withLock { if self.error == nil { self.error = error } }
        }

        /// The failure, the first time it is asked for.
        func takeUnreported() -> StoreError? {
            lock.withLock {
                guard let error, !reported else { return nil }
                reported = true
                return error
            }
        }

        var happened: Bool { lock.withLock { error != nil } }
    }
}
