import CKernels
import Foundation

extension RunRecorder {
    /// The slow parts of starting to record: making the run's journal, opening
    /// the store (SQLite reads back its write-ahead log), capturing the environment and
    /// asking git. Begun as early as possible — `mlx` starts one before it
    /// parses its command line — on the thread the recorder then writes from,
    /// so a short script does not end waiting for them.
    public final class Preparation: @unchecked Sendable {
        // @unchecked: `store`, `openingFailure`, `environment` and `git` are
        // set on `writer` and read there; `claimed` is taken under `claiming`,
        // the prepared journal under `handingOver`.

        let mlxVersion: String
        let storeDirectory: String?
        let workingDirectory: String
        let writer = SerialWorker(name: "mlx recorder")
        private let claiming = NSLock()
        private var claimed = false
        var store: RunStore?
        var openingFailure: StoreError?
        var environment: RunEnvironment?
        var git: GitState.Probe?
        /// The environment and git state on their way into the run's journal.
        let startEntries = StartEntries()
        private let handingOver = NSLock()
        /// Signalled once the writer has made the journal ahead, or found it cannot.
        private let journalStep = DispatchSemaphore(value: 0)
        private var preparedJournal: RunJournal?
        private var journalTaken = false

        /// Starts preparing to record into the store in `storeDirectory` (nil:
        /// in memory only) a run working in `workingDirectory`. Where to record
        /// is the caller's to say, not the writer's to find: a run asks whether
        /// this preparation is its own as soon as it starts, and the writer's
        /// new thread may still be queued behind the caller's on one core.
        /// With `creatingStore` false, a store that does not exist yet is left
        /// for the recorder to create: a command line that turns out not to
        /// record must not leave a new `.mlx` behind. With `openingStore` false
        /// the store is not opened at all (a run whose database is deferred may
        /// never need it). `beforePreparing` runs first on the writer (for tests).
        public init(
            storeDirectory: String?, workingDirectory: String, mlxVersion: String, creatingStore: Bool = true, openingStore: Bool = true,
            beforePreparing: (@Sendable () -> Void)? = nil
        ) {
            self.mlxVersion = mlxVersion
            self.storeDirectory = storeDirectory
            self.workingDirectory = workingDirectory
            writer.async { [self] in
                _ = Self.zeroPagesPopulated
                beforePreparing?()
                // Before the store is opened (SQLite takes milliseconds): a REPL's first cell comes soon.
                if let storeDirectory { prepareJournal(in: storeDirectory) }
                journalStep.signal()
                if storeDirectory != nil, openingStore { openStore(creating: creatingStore) }
                environment = .current(mlxVersion: mlxVersion, machineCache: storeDirectory.map { $0 + "/machine" })
                // Here rather than on a thread of its own: its answer is needed only at the run's end.
                if let storeDirectory { git = GitState.Probe(directory: workingDirectory, statusRecord: storeDirectory + "/git-status", inBackground: false) }
                if let environment, storeDirectory != nil { startEntries.offer(environment: environment, git: git?.value()) }
            }
        }

        /// Done once a process, first thing on the writer's thread, while the
        /// script's thread parses its command line (`mlx_populate_program_zero_pages`):
        /// the script's thread spent about 0.1 ms interrupting the writer's CPU to
        /// flush its TLB, and populating the pages itself cost it more than half of that.
        private static let zeroPagesPopulated: Void = { _ = mlx_populate_program_zero_pages() }()

        /// Makes the run's journal ahead, locked and holding only its header,
        /// if the store exists: creating one changes the store's `live` folder
        /// twice, which took the script's thread 0.1–0.5 ms at its first cell.
        /// A journal nobody takes is dropped by the next reader (it has no start).
        private func prepareJournal(in directory: String) {
            guard !handingOver.withLock({ journalTaken }), let journal = try? RunJournal(directory: directory) else { return }
            handingOver.withLock {
                if journalTaken { journal.remove() } else { preparedJournal = journal }
            }
        }

        /// Removes the journal made ahead if no run claimed this preparation
        /// (the command line turned out wrong); for the process's exit.
        public func dropUnclaimedJournal() {
            guard claiming.withLock({ !claimed }) else { return }
            // The writer may be creating it right now: the process's exit would
            // stop it half way (a temporary file, or a journal no one removes).
            if journalStep.wait(timeout: .now() + .milliseconds(50)) == .success { journalStep.signal() }
            takeJournal()?.remove()
        }

        /// The journal made ahead, if it is ready; from now on none is made.
        func takeJournal() -> RunJournal? {
            handingOver.withLock {
                journalTaken = true
                defer { preparedJournal = nil }
                return preparedJournal
            }
        }

        /// Whether the store's database file says its readers take this build's
        /// journals, runs that end in them included (an older mlx, which would
        /// misread them, refuses it); if not, the store must be opened, which
        /// migrates it. On `writer`.
        var storeTakesJournalEnds: Bool {
            storeDirectory.flatMap(RunStore.fileSchemaVersion(in:)).map { $0 >= RunStore.journalReadersVersion } ?? false
        }

        /// Opens the store on `writer` if it is not open yet.
        func openStore(creating: Bool) {
            guard let storeDirectory, store == nil, openingFailure == nil else { return }
            guard creating || FileManager.default.fileExists(atPath: storeDirectory + "/runs.sqlite") else { return }
            do throws(StoreError) {
                store = try RunStore(directory: storeDirectory)
            } catch {
                openingFailure = error
            }
        }

        /// Whether this preparation is for a run recorded into `storeDirectory`
        /// from `start` and nobody has taken it yet; if so, it is now taken.
        func claim(for storeDirectory: String?, _ start: Start) -> Bool {
            guard self.storeDirectory == storeDirectory, workingDirectory == start.workingDirectory, mlxVersion == start.mlxVersion else {
                takeJournal()?.remove()  // not this run's store
                return false
            }
            return claiming.withLock {
                defer { claimed = true }
                return !claimed
            }
        }
    }

    /// The run's environment and git state on their way into its journal, right
    /// after its start and before its first cell, so that a run killed with
    /// cells has them. The writer knows them once it has asked git; the script's
    /// thread writes the start when the first cell begins. Whichever of the two
    /// comes second writes them: the script's thread, in the start's write,
    /// when the writer was first, so a short first cell does not wait for the
    /// writer's thread to wake (0.5–0.7 ms on these virtual machines); else the
    /// writer, the moment it has them.
    final class StartEntries: @unchecked Sendable {
        // @unchecked: everything but `written` is guarded by `lock`.
        private let lock = NSLock()
        /// The entries, encoded on the writer, until a journal takes them.
        private var encoded: [UInt8]?
        /// The journal the run started in, until the entries are in it.
        private var journal: RunJournal?
        private var journaled = false
        private var writeFailure: StoreError?
        private let written = DispatchSemaphore(value: 0)

        /// On the writer: the entries are known.
        func offer(environment: RunEnvironment, git: GitState?) {
            var entries = [UInt8]()
            RunJournal.Entry.environment(environment).encode(into: &entries)
            if let git { RunJournal.Entry.git(git).encode(into: &entries) }
            lock.withLock {
                guard let journal else {
                    encoded = entries
                    return
                }
                write(entries, to: journal)
            }
        }

        /// On the script's thread: appends the run's start to `journal`, and the
        /// entries in the same write if the writer has offered them.
        func begin(_ start: RunRecord, in journal: RunJournal) throws(StoreError) {
            lock.lock()
            defer { lock.unlock() }
            guard let encoded else {
                try journal.append(.begin(start))
                self.journal = journal
                return
            }
            try journal.append(.begin(start), holdingBack: true)
            write(encoded, to: journal)
            self.encoded = nil
            if let writeFailure { throw writeFailure }
        }

        /// Whether the entries are in the journal (or failed to go in).
        var areJournaled: Bool { lock.withLock { journaled } }

        /// Why the entries could not be written, if they could not.
        var failure: StoreError? { lock.withLock { writeFailure } }

        /// Waits until the entries are in the journal; the failure if they could not be written.
        func awaitJournaled() -> StoreError? {
            written.wait()
            written.signal()
            return failure
        }

        /// Call holding `lock`.
        private func write(_ entries: [UInt8], to journal: RunJournal) {
            do throws(StoreError) { try journal.append(encoded: entries) } catch { writeFailure = error }
            self.journal = nil
            journaled = true
            written.signal()
        }
    }
}
