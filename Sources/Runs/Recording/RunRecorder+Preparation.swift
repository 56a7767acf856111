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
}
