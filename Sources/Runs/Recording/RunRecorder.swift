import Foundation
import Language
import Learning
import Numerics
import Tables

/// Records one run as it happens: the front end brackets each cell with
/// `beginCell`/`endCell` and passes on what the cell printed; interpreter
/// events (seed, parameters, loads, models, metrics) arrive through `emit`.
///
/// Each finished cell is durable before the next one starts: it is appended
/// to the run's journal (`RunJournal`, one `write`). A writer thread of its
/// own does the rest while the next cells run: it stores and names the
/// cell's models, hashes its value digest, chains the content id, appends
/// those to the journal, and writes the database at most every
/// `databaseDelay`. Opening the database, capturing the environment and
/// asking git happen there too, begun by a `Preparation` as early as the
/// store is known, so a recorded run costs the script little more than the
/// appends. A run whose database is deferred (`Start.databaseDeferred`)
/// writes no database at all unless its number is asked for: its journal,
/// which ends with the run's end, is the whole record until a reader of the
/// store writes it in (`RunStore.bringInJournaledRuns`); and its cells are
/// completed on the script's thread while the writer is idle, unless their
/// values are large or they trained a model, its writer's thread living only
/// while it has work.
///
/// Without a store the record is kept in memory only (a replay that is not
/// recorded still needs its cells to compare). A store that fails mid-run is
/// reported once through `onStoreFailure`; the run itself goes on.
public final class RunRecorder: EventSink, @unchecked Sendable {
    // @unchecked: the interpreter and the front end call in on one thread;
    // `writer` runs the store's work in order on another, and what it sets
    // is read on the first thread only after waiting for it (`settle`).

    /// How the run starts.
    public struct Start: Sendable {
        public var kind: RunRecord.Kind
        public var script: String?
        public var source: String?
        public var workingDirectory: String
        /// `--set` arguments as given.
        public var overrides: [String]
        /// `--digits`: it changes what cells print, so a replay must use it too.
        public var digits: Int
        public var replayOf: Int?
        public var mlxVersion: String
        /// Whether the run may be kept in its journal only, its row left for
        /// the next command that reads the store to write, unless someone
        /// asks for its number (`number`, `record`) first. A script run by CI
        /// then never waits for the database; `mlx runs` lists it all the same.
        public var databaseDeferred: Bool

        public init(
            kind: RunRecord.Kind, script: String? = nil, source: String? = nil, workingDirectory: String, overrides: [String] = [],
            digits: Int = 6, replayOf: Int? = nil, mlxVersion: String, databaseDeferred: Bool = false
        ) {
            self.databaseDeferred = databaseDeferred
            self.digits = digits
            self.kind = kind
            self.script = script
            self.source = source
            self.workingDirectory = workingDirectory
            self.overrides = overrides
            self.replayOf = replayOf
            self.mlxVersion = mlxVersion
        }
    }

    /// Input files up to this size are copied into the store, so a replay can
    /// use them after the originals change.
    public static let snapshotLimit = 16 << 20

    /// Called once if the store cannot be written; recording stops, the run goes on.
    public var onStoreFailure: ((StoreError) -> Void)?
    /// Resolves a path as the script wrote it to the file that was read.
    public var resolvePath: (String) -> String

    // The front end's thread.
    private var draft: RunRecord
    private let storeDirectory: String?
    private let objects: ObjectStore?
    private var journal: RunJournal?
    private var recording: Bool
    private let databaseDeferred: Bool
    private var cellStarted = ContinuousClock.now
    /// What the current cell printed, as UTF-8: appending bytes is several
    /// times cheaper than appending to a String, for a cell that prints a line at a time.
    private var output = [UInt8]()
    private var pending = PendingEvents()
    private var finished = false

    // The writer's thread.
    let writer: SerialWorker
    private var store: RunStore?
    private var writerJournal: RunJournal?
    /// The content id chained over the cells the writer has completed.
    private var contentID: String
    /// Each completed cell's value digest, by position.
    private var valueDigests = [String?]()
    /// The models of the completed cells, named by their documents' digests.
    private var storedModels = [RunRecord.Model]()
    /// Completed cells not in the database yet, and when it was last written.
    private var completedCells = [RunStore.CellWrite]()
    private var lastDatabaseWrite = ContinuousClock.now
    private var storedNumber: Int?
    /// The run's start with its environment: its row, once the database is written.
    private var startedRun: RunRecord?
    /// Cells appended to the journal, on the script's thread.
    private var journaledCells = 0
    /// The run's start is in the journal; its environment and git state may
    /// not be yet (`StartEntries`), and the first cell waits for them.
    private var awaitingStart = false
    private var environment: RunEnvironment?
    private var git: GitState.Probe?
    private var gitState: GitState?
    private let failure = FailureNote()
    private let unwritten = UnwrittenCells()
    /// Where the writer began: the store, the environment, git, a journal made ahead.
    private let preparation: Preparation

    /// What the current cell reported, written with it.
    private struct PendingEvents {
        var parameters: [RunRecord.Parameter] = []
        var metrics: [RunRecord.Metric] = []
        var inputs: [RunRecord.Input] = []
        /// Stored and named by the writer, which encodes their documents.
        var models: [ModelValue] = []
        var seed: UInt64?
        var assertFailed = false

        /// Events arrive before the cell's number is known; it is set when the cell ends.
        mutating func numberCells(_ number: Int) {
            for i in metrics.indices { metrics[i].cell = number }
            for i in inputs.indices { inputs[i].cell = number }
        }
    }

    /// Starts recording into the store in `storeDirectory` (nil: in memory
    /// only). The store is opened, and created if need be, on the writer's
    /// thread, by `prepared` if it was begun for this store and run; nothing
    /// is written until the first cell begins.
    public init(storeDirectory: String?, start: Start, prepared: Preparation? = nil) {
        self.storeDirectory = storeDirectory
        objects = storeDirectory.map { ObjectStore(directory: $0 + "/objects") }
        recording = storeDirectory != nil
        databaseDeferred = start.databaseDeferred
        let started = Self.now()
        let directory = start.workingDirectory
        resolvePath = { path in path.hasPrefix("/") ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path }
        let origin = SHA256Hasher()
        origin.update(start.kind.rawValue)
        origin.update(start.script ?? "")
        origin.update(start.source ?? "")
        origin.update(start.workingDirectory)
        origin.update([started.timeIntervalSince1970.bitPattern, UInt64(getpid())])
        origin.update(RandomToken.make())
        let originID = origin.finishHex()
        contentID = originID
        draft = RunRecord(
            number: 0, contentID: originID, kind: start.kind, script: start.script, source: start.source,
            workingDirectory: start.workingDirectory, startedAt: started, endedAt: nil, status: .running, exitCode: nil, seed: nil,
            randomAlgorithm: "\(RandomGenerator.algorithm) v\(RandomGenerator.algorithmVersion)", overrides: start.overrides, digits: start.digits, parameters: [],
            cells: [], metrics: [], inputs: [], models: [], environment: .unrecorded, git: nil, replayOf: start.replayOf,
            verdict: nil)
        let preparation =
            prepared.flatMap { $0.claim(for: storeDirectory, start) ? $0 : nil }
            ?? Preparation(storeDirectory: storeDirectory, workingDirectory: start.workingDirectory, mlxVersion: start.mlxVersion)
        writer = preparation.writer
        self.preparation = preparation
        writer.async { [databaseDeferred, self] in
            // A deferred run still makes a new store whole, so that readers find it,
            // and brings an older one up to the version whose readers take its journal.
            if !databaseDeferred || !preparation.storeTakesJournalEnds { preparation.openStore(creating: true) }
            store = preparation.store
            environment = preparation.environment
            git = preparation.git
            if let error = preparation.openingFailure { failure.set(error) }
        }
        // A deferred run writes no database: once its preparation is done, the
        // writer's thread is there only while a cell's values are large to hash.
        if databaseDeferred { writer.endWhenIdle() }
    }

    /// Starts recording into `store` (nil: in memory only); the recorder
    /// writes through a connection of its own.
    public convenience init(store: RunStore?, start: Start) {
        self.init(storeDirectory: store?.directory, start: start)
    }

    /// The run as recorded so far.
    public var record: RunRecord {
        writeDatabaseFromNowOn()
        settle()
        var record = draft
        record.contentID = contentID
        for (i, digest) in valueDigests.enumerated() where i < record.cells.count { record.cells[i].valueDigest = digest }
        record.models = storedModels
        record.number = storedNumber ?? 0
        record.environment = environment ?? .unrecorded
        // Before the run's end only when asked for: a deployed model's lineage names the commit.
        if gitState == nil { gitState = git?.value() }
        record.git = gitState
        return record
    }

    /// The run's number in the store, once its first cell began (nil when
    /// not stored, or when a deferred run ended before anyone asked).
    public var number: Int? {
        writeDatabaseFromNowOn()
        settle()
        return storedNumber
    }

    // MARK: Cells

    /// A cell starts: its output and events from now on belong to it.
    public func beginCell() {
        ensureStarted()
        output.removeAll(keepingCapacity: true)
        pending = PendingEvents()
        cellStarted = .now
    }

    /// Text the cell printed (colour codes are dropped).
    public func capture(_ text: String) {
        var text = Self.withoutColour(text)
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    /// The cell ended: record it with what it printed and reported.
    /// - Parameters:
    ///   - value: what the cell showed and bound, hashed on the writer's thread.
    ///   - interrupted: Ctrl-C stopped the cell part way.
    public func endCell(number: Int, source: String, succeeded: Bool, value: CellDigest, interrupted: Bool = false) {
        endCell(number: number, source: source, succeeded: succeeded, interrupted: interrupted, largeDigest: value.isLarge) { value.finish() }
    }

    /// The cell ended, with its value digest already computed (nil: no value).
    public func endCell(number: Int, source: String, succeeded: Bool, valueDigest: String?, interrupted: Bool = false) {
        endCell(number: number, source: source, succeeded: succeeded, interrupted: interrupted) { valueDigest }
    }

    private func endCell(
        number: Int, source: String, succeeded: Bool, interrupted: Bool, largeDigest: Bool = false, valueDigest: @escaping @Sendable () -> String?
    ) {
        let elapsed = ContinuousClock.now - cellStarted
        let cell = RunRecord.Cell(
            number: number, source: source, output: String(decoding: output, as: UTF8.self), valueDigest: nil,
            duration: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18, succeeded: succeeded,
            interrupted: interrupted, assertFailed: pending.assertFailed)
        pending.numberCells(number)
        // The digest, the content id chained over it and the models' object
        // names follow from the writer (`.completed`).
        let models = pending.models.map { RunRecord.Model(cell: number, estimator: $0.trained.estimator, object: "") }
        var write = RunStore.CellWrite(position: draft.cells.count, cell: cell, seed: pending.seed, contentID: "", endedAt: Self.now())
        // Labelled where they are made: converting an array of unlabelled pairs
        // is a cast at run time, whose first use searches the conformance records.
        let (parameters, metrics, inputs, modelCount) = (draft.parameters.count, draft.metrics.count, draft.inputs.count, draft.models.count)
        write.parameters = pending.parameters.enumerated().map { (position: parameters + $0.offset, parameter: $0.element) }
        write.metrics = pending.metrics.enumerated().map { (position: metrics + $0.offset, metric: $0.element) }
        write.inputs = pending.inputs.enumerated().map { (position: inputs + $0.offset, input: $0.element) }
        write.models = models.enumerated().map { (position: modelCount + $0.offset, model: $0.element) }
        draft.cells.append(cell)
        draft.parameters += pending.parameters
        draft.metrics += pending.metrics
        draft.inputs += pending.inputs
        draft.models += models
        if let seed = pending.seed { draft.seed = seed }
        journal(UnwrittenCell(write: write, valueDigest: valueDigest, models: pending.models, isLarge: largeDigest))
        pending = PendingEvents()
        // A long output's buffer is let go; a short one's is kept for the next cell.
        output.removeAll(keepingCapacity: output.count < 1 << 16)
    }

    /// The run ended with `status` (and `exitCode` for the process). Returns
    /// once the database holds the whole run.
    public func finish(status: RunRecord.Status, exitCode: Int32, verdict: String? = nil) {
        guard !finished else { return }
        finished = true
        ensureStarted()
        draft.status = status
        draft.exitCode = Int(exitCode)
        draft.verdict = verdict
        draft.endedAt = Self.now()
        let (ended, journal) = (draft.endedAt!, journal)
        writer.adopt()  // the writer's work from here on runs on this thread
        writer.async { [self] in
            writeQueuedCells()
            writer.cancelIdleJob()
            contentID = Self.chain(contentID, status.rawValue)
            gitState = git?.value()
            guard let journal, !failure.happened else { return }
            let end = RunStore.RunEnd(status: status, exitCode: exitCode, contentID: contentID, verdict: verdict, git: gitState, endedAt: ended)
            // From here the journal holds the whole run, whatever happens to the process.
            do throws(StoreError) { try journal.append(.finished(end)) } catch { failure.set(error) }
            guard let store, let storedNumber else { return }  // deferred: the next reader writes it
            let lastCells = completedCells
            completedCells = []
            do throws(StoreError) {
                try store.finish(storedNumber, writing: lastCells, as: end)
                journal.remove()
            } catch {
                failure.set(error)
            }
        }
        settle()
        journal?.abandon()  // a reader brings the run into the database from it
        self.journal = nil
    }

    // MARK: EventSink

    public func emit(_ event: InterpreterEvent) {
        let cell = 0  // numbered when the cell ends
        switch event {
        case .seedSet(let seed): pending.seed = seed
        case .parameterSet(let name, let value, let overridden):
            pending.parameters.append(RunRecord.Parameter(name: name, value: value.literalText, overridden: overridden))
        case .dataLoaded(let path, let fingerprint):
            let resolved = resolvePath(path)
            pending.inputs.append(RunRecord.Input(cell: cell, path: path, resolvedPath: resolved, fingerprint: fingerprint, snapshot: snapshot(resolved, fingerprint)))
        case .modelTrained(let model): pending.models.append(model)
        case .metric(let name, let value): pending.metrics.append(RunRecord.Metric(cell: cell, name: name, value: value))
        case .modelDeployed(let deployment):
            draft.deployments.append(RunRecord.Deployed(name: deployment.name, version: deployment.version, model: deployment.model))
        case .assertionFailed: pending.assertFailed = true
        case .assertionPassed, .warning, .deployRefused, .printed, .shown: break
        }
    }

    // MARK: Store

    /// Creates the run's journal, with its start, at the first moment
    /// something is worth keeping; the writer inserts the run's row.
    private func ensureStarted() {
        guard recording, journal == nil, let storeDirectory else { return }
        let start = draft
        do {
            let journal: RunJournal
            if let prepared = preparation.takeJournal() { journal = prepared } else { journal = try Self.createJournal(in: storeDirectory) }
            self.journal = journal  // from here a failure removes it: it holds no cell
            try preparation.startEntries.begin(start, in: journal)
            awaitingStart = true
            onWriter { [self] in
                guard let environment, !failure.happened else { return }
                // The preparation ran first: the environment and git state are in the journal, or failed to go in.
                if let error = preparation.startEntries.failure {
                    failure.set(error)
                    return
                }
                writerJournal = journal
                do throws(StoreError) {
                    // The preparation asked git before this job could run, so this does not wait.
                    gitState = git?.value()
                    var run = start
                    run.environment = environment
                    run.git = gitState
                    startedRun = run
                    if !databaseDeferred { try beginInDatabase() }
                } catch {
                    failure.set(error)
                }
            }
        } catch {
            fail(error)
        }
    }

    /// Runs `job` in the writer's order: right here if it has nothing to do and
    /// the run writes no database (the job is then short), else on its thread.
    /// Handing a deferred run's short jobs to a thread that had ended started a
    /// new one for each.
    private func onWriter(_ job: @escaping @Sendable () -> Void) {
        if databaseDeferred, writer.runHereIfIdle(job) { return }
        writer.async(job)
    }

    /// Inserts the run's row, on the writer's thread; the completed cells
    /// follow with the next database write.
    private func beginInDatabase() throws(StoreError) {
        guard storedNumber == nil, let startedRun, let writerJournal, let storeDirectory else { return }
        if self.store == nil { self.store = try RunStore(directory: storeDirectory) }
        guard let store else { return }
        storedNumber = try store.begin(startedRun, token: writerJournal.token)
        try store.prepareWrites()
    }

    /// A deferred run's number is wanted: from now on it is written to the
    /// database as it goes.
    private func writeDatabaseFromNowOn() {
        guard databaseDeferred, !finished else { return }
        writer.async { [self] in
            guard !failure.happened else { return }
            do throws(StoreError) { try beginInDatabase() } catch { failure.set(error) }
        }
    }

    private static func createJournal(in directory: String) throws(StoreError) -> RunJournal {
        do { return try RunJournal(directory: directory) } catch {
            // A new store: the writer may not have made its folders yet.
            try RunStore.createFolders(in: directory)
            return try RunJournal(directory: directory)
        }
    }

    /// Appends the finished cell to the journal, then has the writer
    /// complete it and put it in the database. The first failure stops recording.
    private func journal(_ cell: UnwrittenCell) {
        reportFailure()
        // A deferred run's cell with little to hash is completed right here when
        // the writer is idle. A writer thread kept beside a script that keeps
        // both cores busy cost it far more than the work: breast_cancer_models
        // took +5.0 ms recorded with one, +1.8 ms without.
        let completingHere = databaseDeferred && !cell.isSlowToComplete
        if awaitingStart {
            // The environment and git state go into the journal before the first
            // cell does: a run killed with cells has them. They are usually in by now,
            // with the run's start; when every CPU is busy, the writer may still be asking git.
            awaitingStart = false
            let startEntries = preparation.startEntries
            if !startEntries.areJournaled { writer.letRunAnywhere() }
            if let error = startEntries.awaitJournaled() { fail(error) }
        }
        if recording, let journal {
            do {
                // Held back until its completion is appended, so that both go out in one write.
                try journal.append(.cell(cell.write), holdingBack: completingHere)
                journaledCells += 1
            } catch {
                fail(error)
            }
        }
        // However it went, the cell is in the file before the next one starts.
        defer { writeHeldBackEntries() }
        // Cells that finish while the writer is busy go into one transaction.
        guard unwritten.append(cell) else { return }
        let complete: @Sendable () -> Void = { [self] in writeQueuedCells() }
        if completingHere { onWriter(complete) } else { writer.async(complete) }
    }

    private func writeHeldBackEntries() {
        guard recording, let journal else { return }
        do throws(StoreError) { try journal.writeHeldBack() } catch { fail(error) }
    }

    /// How long completed cells may wait for the database. They are durable
    /// in the journal already; writing a short script's cells in one
    /// transaction instead of one each spares the writer most of its work,
    /// and a reader of a live run sees its cells this much later.
    static let databaseDelay: Duration = .milliseconds(50)

    /// Completes the cells queued since the last time (models stored, value
    /// digest, content id) and journals what it computed, on the writer's
    /// thread; the database gets them within `databaseDelay`.
    private func writeQueuedCells() {
        for cell in unwritten.takeAll() {
            // Completions computed so far go out before a slow one is begun: they
            // must not wait on a model's encoding, which a crash could cut short.
            if cell.isSlowToComplete { writeHeldBackCompletions() }
            let write = complete(cell)
            completedCells.append(write)
            guard let writerJournal, !failure.happened else { continue }
            do throws(StoreError) {
                // Held back: the cells queued while the writer was busy (a script's first
                // cells, while it prepared) go out in one write, not one each.
                try writerJournal.append(
                    .completed(
                        position: write.position, valueDigest: write.cell.valueDigest, contentID: write.contentID,
                        modelObjects: write.models.map(\.model.object)),
                    holdingBack: true)
            } catch {
                failure.set(error)
            }
        }
        writeHeldBackCompletions()
        guard storedNumber != nil else { return }  // deferred: the journal has them
        if ContinuousClock.now - lastDatabaseWrite >= Self.databaseDelay {
            writeCompletedCells()
        } else if !completedCells.isEmpty {
            writer.whenIdle(for: Self.databaseDelay) { [self] in writeCompletedCells() }
        }
    }

    /// Writes the completions `writeQueuedCells` held back, on the writer's thread.
    private func writeHeldBackCompletions() {
        guard let writerJournal, !failure.happened else { return }
        do throws(StoreError) { try writerJournal.writeHeldBack() } catch { failure.set(error) }
    }

    /// Puts the completed cells in the database, on the writer's thread.
    private func writeCompletedCells() {
        writer.cancelIdleJob()
        guard let store, let storedNumber else { return }  // deferred: kept for when the row is written
        lastDatabaseWrite = .now
        let writes = completedCells
        completedCells = []
        guard !writes.isEmpty, !failure.happened else { return }
        do throws(StoreError) { try store.record(writes, in: storedNumber) } catch { failure.set(error) }
    }

    /// `cell` with its models stored and named, its value digest, and the content id chained over it.
    private func complete(_ cell: UnwrittenCell) -> RunStore.CellWrite {
        var write = cell.write
        for (i, model) in cell.models.enumerated() {
            // Stored before the cell that refers to it is written or completed in the journal.
            if let objects, !failure.happened {
                do throws(StoreError) { try objects.put(model.document, named: model.digest) } catch { failure.set(error) }
            }
            write.models[i].model.object = model.digest
            storedModels.append(write.models[i].model)
        }
        let digest = cell.valueDigest()
        contentID = Self.chain(contentID, write.cell.source, write.cell.output, digest ?? "")
        valueDigests.append(digest)
        write.cell.valueDigest = digest
        write.contentID = contentID
        return write
    }

    /// Waits until the writer has done everything asked of it so far, the
    /// database included.
    private func settle() {
        writer.async { [self] in writeCompletedCells() }
        writer.sync()
        reportFailure()
    }

    /// Stops recording after a failure on either thread and says so once.
    /// A journal with cells in it stays for a reader to recover them, and the
    /// message says where; one without is removed, since an empty interrupted
    /// run would stand for a run that was never recorded.
    private func reportFailure() {
        guard var error = failure.takeUnreported() else { return }
        recording = false
        if let journal {
            if journaledCells == 0 {
                journal.remove()
            } else {
                journal.abandon()
                let cells = journaledCells == 1 ? "its first cell is" : "its first \(journaledCells) cells are"
                error = StoreError(error.message + "; \(cells) kept in \(journal.path), which the store adds as an interrupted run once it can be opened")
            }
        }
        journal = nil
        onStoreFailure?(error)
    }

    private func fail(_ error: StoreError) {
        failure.set(error)
        reportFailure()
    }

    /// Copies a small input file into the store if its bytes are still the
    /// ones that were loaded; its object name is then its fingerprint.
    private func snapshot(_ path: String, _ fingerprint: Fingerprint) -> String? {
        guard recording, let objects, fingerprint.byteCount <= Self.snapshotLimit else { return nil }
        if objects.reuse(fingerprint.sha256) { return fingerprint.sha256 }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let name = try? objects.put(data), name == fingerprint.sha256 else { return nil }
        return name
    }

    /// The time as the store keeps it (seconds since 1970 in a double), so
    /// that a record read back equals the one written.
    static func now() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970) }

    static func chain(_ previous: String, _ parts: String...) -> String {
        let hasher = SHA256Hasher()
        hasher.update(previous)
        for part in parts { hasher.update(part) }
        return hasher.finishHex()
    }

    /// Whether `text` holds ESC [ (found with `memchr` over its UTF-8: this
    /// runs for every piece of output a script prints).
    private static func startsAnEscapeSequence(_ text: inout String) -> Bool {
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            var offset = 0
            while offset < bytes.count, let found = memchr(base + offset, 0x1B, bytes.count - offset) {
                let at = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                if at + 1 < bytes.count, base[at + 1] == UInt8(ascii: "[") { return true }
                offset = at + 1
            }
            return false
        }
    }

    /// `text` without ANSI escape sequences (CSI … letter).
    static func withoutColour(_ text: String) -> String {
        var text = text
        guard startsAnEscapeSequence(&text) else { return text }
        var result = "", escaping = false
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if escaping {
                if (0x40...0x7E).contains(scalar.value), scalar != "[" { escaping = false }
                continue
            }
            if scalar == "\u{1B}" {
                escaping = true
                continue
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
