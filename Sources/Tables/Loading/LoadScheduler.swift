import Synchronization

/// Hands out the work of a parallel load: parsing chunks (any worker, any
/// order) and hashing the input (worker 0, strictly in order, since SHA-256
/// is sequential), and reports which prefix of the input is finished with.
///
/// Worker 0 keeps the hash level with the parse front, so the input is read
/// once while it is hot and the finished window stays small; when no chunk is
/// left to parse it hashes the rest.
///
/// Parsing may run at most `maxAhead` chunks ahead of the parsed prefix: the
/// input and the parsed chunks' buffers are let go of only in order, so a
/// worker descheduled in the middle of a chunk would otherwise let the other
/// parse (and hold in memory) the rest of the file. A worker that would run
/// further ahead is told to wait, which yields the core to the one behind.
final class LoadScheduler: Sendable {
    /// A unit of work.
    enum Task: Equatable {
        case parse(Int)
        case hash(Range<Int>)
        /// Nothing may start until the chunk at the parsed prefix is done.
        case wait
        case stop
    }

    private struct State {
        var nextChunk = 0
        var hashClaimed = 0
        var hashed = 0
        var parsed: [Bool]
        var parsedPrefix = 0
        var released = 0
    }

    private let plan: ChunkPlan
    private let total: Int
    private let hashBlock: Int
    private let maxAhead: Int
    private let state: Mutex<State>

    /// A schedule for `plan` over an input of `total` bytes (hashed from 0).
    init(plan: ChunkPlan, total: Int, hashBlock: Int = ChunkPlan.chunkSize, maxAhead: Int = 8) {
        self.plan = plan
        self.total = total
        self.hashBlock = hashBlock
        self.maxAhead = maxAhead
        state = Mutex(State(parsed: Array(repeating: false, count: plan.count)))
    }

    /// The next task for `worker`.
    func next(worker: Int) -> Task {
        state.withLock { s in
            let parseFront = s.nextChunk < plan.count ? plan.bounds[s.nextChunk] : total
            if worker == 0, s.hashClaimed < total, s.hashClaimed <= parseFront || s.nextChunk == plan.count {
                let end = Swift.min(s.hashClaimed + hashBlock, total)
                defer { s.hashClaimed = end }
                return .hash(s.hashClaimed..<end)
            }
            if s.nextChunk < plan.count {
                guard s.nextChunk - s.parsedPrefix < maxAhead else { return .wait }
                defer { s.nextChunk += 1 }
                return .parse(s.nextChunk)
            }
            return .stop
        }
    }

    /// Records that chunk `k` is parsed; returns the input range that is now
    /// both hashed and parsed and was not released before.
    func finishedParsing(_ k: Int) -> Range<Int>? {
        state.withLock { s in
            s.parsed[k] = true
            return advance(&s)
        }
    }

    /// Records that the hash has consumed everything before `end`; returns the range now finished with.
    func finishedHashing(upTo end: Int) -> Range<Int>? {
        state.withLock { s in
            s.hashed = end
            return advance(&s)
        }
    }

    /// Input is handed back in batches of at least this many bytes: each release
    /// interrupts the other core to flush its TLB, so fewer, larger ones are cheaper.
    private static let releaseBatch = 16 << 20

    private func advance(_ s: inout State) -> Range<Int>? {
        while s.parsedPrefix < plan.count, s.parsed[s.parsedPrefix] { s.parsedPrefix += 1 }
        let parsedEnd = s.parsedPrefix == plan.count ? total : plan.bounds[s.parsedPrefix]
        let done = Swift.min(parsedEnd, s.hashed)
        guard done - s.released >= Self.releaseBatch || (done == total && done > s.released) else { return nil }
        defer { s.released = done }
        return s.released..<done
    }
}
