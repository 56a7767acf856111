import Foundation
import Language
import Learning
import Numerics
import Tables

/// Records one run as it happens: the front end brackets each cell with
/// `beginCell`/`endCell` and passes on what the cell printed; interpreter
/// events (seed, parameters, loads, models, metrics) arrive through `emit`.
/// Each finished cell is committed to the store before the next one starts.
///
/// Without a store the record is kept in memory only (a replay that is not
/// recorded still needs its cells to compare). A store that fails mid-run is
/// reported once through `onStoreFailure`; the run itself goes on.
public final class RunRecorder: EventSink, @unchecked Sendable {
    // @unchecked: the interpreter and the front end call in on one thread.

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

        public init(
            kind: RunRecord.Kind, script: String? = nil, source: String? = nil, workingDirectory: String, overrides: [String] = [],
            digits: Int = 6, replayOf: Int? = nil, mlxVersion: String
        ) {
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

    /// The run as recorded so far.
    public private(set) var record: RunRecord
    /// Called once if the store cannot be written; recording stops, the run goes on.
    public var onStoreFailure: ((StoreError) -> Void)?
    /// Resolves a path as the script wrote it to the file that was read.
    public var resolvePath: (String) -> String

    private var store: RunStore?
    private var lock: LiveLock?
    private var storedNumber: Int?
    private let git: GitState.Probe?
    private var cellStarted = ContinuousClock.now
    private var output = ""
    private var pending = PendingEvents()
    private var finished = false

    /// What the current cell reported, written with it.
    private struct PendingEvents {
        var parameters: [RunRecord.Parameter] = []
        var metrics: [RunRecord.Metric] = []
        var inputs: [RunRecord.Input] = []
        var models: [RunRecord.Model] = []
        var seed: UInt64?

        /// Events arrive before the cell's number is known; it is set when the cell ends.
        mutating func numberCells(_ number: Int) {
            for i in metrics.indices { metrics[i].cell = number }
            for i in inputs.indices { inputs[i].cell = number }
            for i in models.indices { models[i].cell = number }
        }
    }

    /// Starts recording into `store` (nil: in memory only).
    public init(store: RunStore?, start: Start) {
        self.store = store
        let started = Self.now()
        let directory = start.workingDirectory
        resolvePath = { path in path.hasPrefix("/") ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path }
        git = store == nil ? nil : GitState.Probe(directory: start.workingDirectory)
        let origin = SHA256Hasher()
        origin.update(start.kind.rawValue)
        origin.update(start.script ?? "")
        origin.update(start.source ?? "")
        origin.update(start.workingDirectory)
        origin.update([started.timeIntervalSince1970.bitPattern, UInt64(getpid())])
        origin.update(UUID().uuidString)
        record = RunRecord(
            number: 0, contentID: origin.finishHex(), kind: start.kind, script: start.script, source: start.source,
            workingDirectory: start.workingDirectory, startedAt: started, endedAt: nil, status: .running, exitCode: nil, seed: nil,
            randomAlgorithm: "\(RandomGenerator.algorithm) v\(RandomGenerator.algorithmVersion)", overrides: start.overrides, digits: start.digits, parameters: [],
            cells: [], metrics: [], inputs: [], models: [], environment: .current(mlxVersion: start.mlxVersion), git: nil, replayOf: start.replayOf,
            verdict: nil)
    }

    /// The run's number in the store, once its first cell began (nil when not stored).
    public var number: Int? { storedNumber }

    // MARK: Cells

    /// A cell starts: its output and events from now on belong to it.
    public func beginCell() {
        ensureStored()
        output = ""
        pending = PendingEvents()
        cellStarted = .now
    }

    /// Text the cell printed (colour codes are dropped).
    public func capture(_ text: String) {
        output += Self.withoutColour(text)
    }

    /// The cell ended: record it with what it printed and reported.
    /// - Parameter interrupted: Ctrl-C stopped the cell part way.
    public func endCell(number: Int, source: String, succeeded: Bool, valueDigest: String?, interrupted: Bool = false) {
        let elapsed = ContinuousClock.now - cellStarted
        let cell = RunRecord.Cell(
            number: number, source: source, output: output, valueDigest: valueDigest,
            duration: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18, succeeded: succeeded,
            interrupted: interrupted)
        record.contentID = Self.chain(record.contentID, cell.source, cell.output, cell.valueDigest ?? "")
        pending.numberCells(number)
        var write = RunStore.CellWrite(position: record.cells.count, cell: cell, seed: pending.seed, contentID: record.contentID)
        write.parameters = positioned(pending.parameters, after: record.parameters.count)
        write.metrics = positioned(pending.metrics, after: record.metrics.count)
        write.inputs = positioned(pending.inputs, after: record.inputs.count)
        write.models = positioned(pending.models, after: record.models.count)
        record.cells.append(cell)
        record.parameters += pending.parameters
        record.metrics += pending.metrics
        record.inputs += pending.inputs
        record.models += pending.models
        if let seed = pending.seed { record.seed = seed }
        pending = PendingEvents()
        output = ""
        storing { store, number throws(StoreError) in try store.record(write, in: number) }
    }

    /// The run ended with `status` (and `exitCode` for the process).
    public func finish(status: RunRecord.Status, exitCode: Int32, verdict: String? = nil) {
        guard !finished else { return }
        finished = true
        ensureStored()
        record.status = status
        record.exitCode = Int(exitCode)
        record.verdict = verdict
        record.endedAt = Self.now()
        record.contentID = Self.chain(record.contentID, status.rawValue)
        record.git = git?.value()
        let (contentID, git, ended) = (record.contentID, record.git, record.endedAt!)
        storing { store, number throws(StoreError) in
            try store.finish(number, status: status, exitCode: exitCode, contentID: contentID, verdict: verdict, git: git, at: ended)
        }
        lock?.release()
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
        case .modelTrained(let model):
            storing { store, _ throws(StoreError) in try store.objects.put(model.document, named: model.digest) }
            pending.models.append(RunRecord.Model(cell: cell, estimator: model.trained.estimator, object: model.digest))
        case .metric(let name, let value): pending.metrics.append(RunRecord.Metric(cell: cell, name: name, value: value))
        case .modelDeployed(let deployment):
            record.deployments.append(RunRecord.Deployed(name: deployment.name, version: deployment.version, model: deployment.model))
        case .assertionPassed, .assertionFailed, .warning, .deployRefused, .printed, .shown: break
        }
    }

    // MARK: Store

    /// Inserts the run row at the first moment something is worth keeping.
    private func ensureStored() {
        guard let store, storedNumber == nil else { return }
        do {
            let lock = try LiveLock(directory: store.directory)
            self.lock = lock
            storedNumber = try store.begin(record, lock: lock)
            record.number = storedNumber!
        } catch {
            fail(error)
        }
    }

    /// Runs a store write; the first failure stops recording.
    private func storing(_ body: (RunStore, Int) throws(StoreError) -> Void) {
        guard let store, let storedNumber else { return }
        do { try body(store, storedNumber) } catch { fail(error) }
    }

    private func fail(_ error: StoreError) {
        store = nil
        lock?.release()
        onStoreFailure?(error)
    }

    /// Copies a small input file into the store if its bytes are still the
    /// ones that were loaded; its object name is then its fingerprint.
    private func snapshot(_ path: String, _ fingerprint: Fingerprint) -> String? {
        guard let store, fingerprint.byteCount <= Self.snapshotLimit else { return nil }
        if store.objects.reuse(fingerprint.sha256) { return fingerprint.sha256 }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let name = try? store.objects.put(data), name == fingerprint.sha256 else { return nil }
        return name
    }

    private func positioned<T>(_ items: [T], after count: Int) -> [(position: Int, T)] {
        items.enumerated().map { (count + $0.offset, $0.element) }
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

    /// `text` without ANSI escape sequences (CSI … letter).
    static func withoutColour(_ text: String) -> String {
        guard text.contains("\u{1B}[") else { return text }
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
