import Foundation
import Tables

/// The embedded run store: a `.mlx` folder with a SQLite database for run
/// metadata (`runs.sqlite`), content-addressed objects (`objects/`) and the
/// locks of live runs (`live/`).
///
/// Every write is a transaction; a process killed at any moment leaves the
/// database as of its last commit. Several processes may write at once.
public final class RunStore {
    /// The `.mlx` folder.
    public let directory: String
    public let objects: ObjectStore
    let database: SQLiteDatabase

    /// Opens the store in `directory`, creating it (and upgrading its schema) as needed.
    public init(directory: String) throws(StoreError) {
        self.directory = directory
        try Self.createFolders(in: directory)
        objects = ObjectStore(directory: directory + "/objects")
        database = try SQLiteDatabase(path: directory + "/runs.sqlite")
        try migrate()
    }

    /// Creates the store's folders in `directory` as needed.
    static func createFolders(in directory: String) throws(StoreError) {
        for folder in ["", "/objects", "/live"] {
            switch makeFolder(directory + folder) {
            case nil: continue
            case .cannotCreate(let problem): throw StoreError("cannot create the run store at \(directory): \(problem)")
            // The store is there, so the message is the one reading commands give.
            case .cannotLookInside(let reason): throw StoreError("cannot read the run store at \(directory): \(reason)")
            }
        }
    }

    /// Why a folder of the store could not be made.
    private enum FolderProblem {
        /// It is missing and could not be made; the text names the folder.
        case cannotCreate(String)
        /// A folder above it may not be looked inside, so whether it exists is unknown.
        case cannotLookInside(String)
    }

    /// Creates `path` and the folders above it as needed; nil when it exists,
    /// else what stopped it (Foundation's message for this is "The operation
    /// could not be completed").
    private static func makeFolder(_ path: String) -> FolderProblem? {
        // stat rather than fileExists: a folder above that may not be entered is not a missing one.
        var info = stat()
        if stat(path, &info) == 0 {
            return info.st_mode & S_IFMT == S_IFDIR ? nil : .cannotCreate("\(path) is not a folder")
        }
        if errno != ENOENT && errno != ENOTDIR { return .cannotLookInside(String(cString: strerror(errno))) }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, let problem = makeFolder(parent) { return problem }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { return .cannotCreate("\(path): \(String(cString: strerror(errno)))") }
        return nil
    }

    /// Opens the existing store in `directory`; a missing store is an error
    /// (reading commands never create one).
    public static func existing(at directory: String) throws(StoreError) -> RunStore {
        // stat rather than fileExists: a folder this user may not enter is there, not missing.
        var info = stat()
        guard stat(directory + "/runs.sqlite", &info) == 0 else {
            guard errno == ENOENT || errno == ENOTDIR else {
                throw StoreError("cannot read the run store at \(directory): \(String(cString: strerror(errno)))")
            }
            throw StoreError("no run store at \(directory): runs are recorded by `mlx run` and the REPL")
        }
        return try RunStore(directory: directory)
    }

    // MARK: Writing a run

    /// Inserts a new run marked running, whose process holds the journal
    /// `token`; returns its number. Runs whose journals no process holds any
    /// more are brought in first: they started earlier, and their numbers
    /// should come first (a run still live in its journal only gets its
    /// number when it ends, after this one).
    func begin(_ run: RunRecord, token: String) throws(StoreError) -> Int {
        try bringInJournals()
        return try database.transaction { () throws(StoreError) in try insertRun(run, token: token) }
    }

    private func insertRun(_ run: RunRecord, token: String, status: RunRecord.Status = .running) throws(StoreError) -> Int {
        try database.run(
            """
            INSERT INTO runs (content_id, kind, script, source, working_directory, started_at, status, seed, random_algorithm,
                overrides, digits, environment, git_commit, git_dirty, replay_of, live_token)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(run.contentID), .text(run.kind.rawValue), SQLiteValue(run.script), SQLiteValue(run.source),
                .text(run.workingDirectory), .real(run.startedAt.timeIntervalSince1970), .text(status.rawValue),
                SQLiteValue(run.seed.map(String.init)), .text(run.randomAlgorithm), .text(Self.json(run.overrides)), SQLiteValue(run.digits),
                .text(Self.json(run.environment)), SQLiteValue(run.git?.commit), SQLiteValue(run.git.map { $0.dirty ? 1 : 0 }),
                SQLiteValue(run.replayOf), .text(token),
            ])
        return Int(database.lastInsertedRow)
    }

    /// Records the environment of a run that started without it.
    func setEnvironment(_ environment: RunEnvironment, of run: Int) throws(StoreError) {
        try database.run("UPDATE runs SET environment = ? WHERE number = ?", [.text(Self.json(environment)), SQLiteValue(run)])
    }

    func setGit(_ state: GitState, of run: Int) throws(StoreError) {
        try database.run("UPDATE runs SET git_commit = ?, git_dirty = ? WHERE number = ?", [.text(state.commit), SQLiteValue(state.dirty ? 1 : 0), SQLiteValue(run)])
    }

    /// What one finished cell adds to a run, written in one transaction.
    struct CellWrite: Sendable {
        var position: Int
        var cell: RunRecord.Cell
        var parameters: [(position: Int, parameter: RunRecord.Parameter)] = []
        var metrics: [(position: Int, metric: RunRecord.Metric)] = []
        var inputs: [(position: Int, input: RunRecord.Input)] = []
        var models: [(position: Int, model: RunRecord.Model)] = []
        var seed: UInt64?
        var contentID: String
        /// When the cell ended: journaled (nil in a journal from before end
        /// times) so that a killed run can be given its end, not stored.
        var endedAt: Date?
    }

    /// Writes finished cells, in one transaction.
    func record(_ writes: [CellWrite], in run: Int) throws(StoreError) {
        try database.transaction { () throws(StoreError) in try insertCells(writes, in: run) }
    }

    /// The statements that write a run's cells and its end, prepared once per
    /// connection (`prepareWrites` does it ahead of the first write).
    enum WriteStatement {
        static let insertCell = """
            INSERT INTO cells (run, position, number, source, output, output_object, value_digest, duration, succeeded, interrupted, cut_short, assert_failed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        static let insertParameter = "INSERT INTO parameters (run, position, name, value, overridden) VALUES (?, ?, ?, ?, ?)"
        static let insertMetric = "INSERT INTO metrics (run, position, cell, name, value) VALUES (?, ?, ?, ?, ?)"
        static let updateLatestMetric = "INSERT OR REPLACE INTO latest_metrics (run, name, value) VALUES (?, ?, ?)"
        static let insertInput = """
            INSERT INTO inputs (run, position, cell, path, resolved_path, sha256, byte_count, row_count, schema, snapshot)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        static let insertModel = "INSERT INTO models (run, position, cell, estimator, object) VALUES (?, ?, ?, ?, ?)"
        static let updateContentID = "UPDATE runs SET content_id = coalesce(nullif(?, ''), content_id), seed = coalesce(?, seed) WHERE number = ?"
        static let markFinished = """
            UPDATE runs SET status = ?, exit_code = ?, content_id = ?, verdict = ?, git_commit = ?, git_dirty = ?, ended_at = ?
            WHERE number = ?
            """

        static let all = [insertCell, insertParameter, insertMetric, updateLatestMetric, insertInput, insertModel, updateContentID, markFinished]
    }

    /// Prepares the statements that write cells and a run's end, so a
    /// recorder's writer can do it while the script runs rather than in the
    /// transaction the script's end waits for.
    public func prepareWrites() throws(StoreError) {
        for sql in WriteStatement.all { try database.prepareForReuse(sql) }
    }

    /// Inserts `writes`, then sets the run's content id (and seed) to the last cell's, once:
    /// the run's row holds its whole script, and SQLite rewrites a row whole, so updating it
    /// per cell made a long script's recording quadratic (40,000 assignments: 7.5 s).
    private func insertCells(_ writes: [CellWrite], in run: Int) throws(StoreError) {
        for write in writes { try insertCell(write, in: run) }
        let contentID = writes.last { !$0.contentID.isEmpty }?.contentID
        let seed = writes.last { $0.seed != nil }?.seed
        guard contentID != nil || seed != nil else { return }
        try database.run(WriteStatement.updateContentID, [.text(contentID ?? ""), SQLiteValue(seed.map(String.init)), SQLiteValue(run)])
    }

    /// A cell's output this long or longer (in UTF-8 bytes) is stored as an object.
    public static let outputObjectSize = 16 << 10

    /// How a cell's output is stored: in its row, or, from `outputObjectSize`
    /// bytes, as an object named in the row (the object is written first, so
    /// a row never names one that is not there).
    private func storedOutput(_ output: String) throws(StoreError) -> (inline: String, object: String?) {
        guard output.utf8.count >= Self.outputObjectSize else { return (output, nil) }
        return ("", try objects.put(Data(output.utf8)))
    }

    private func insertCell(_ write: CellWrite, in run: Int) throws(StoreError) {
        let r = SQLiteValue.integer(Int64(run))
        let c = write.cell
        let output = try storedOutput(c.output)
        try database.run(
            WriteStatement.insertCell,
            [r, SQLiteValue(write.position), SQLiteValue(c.number), .text(c.source), .text(output.inline), SQLiteValue(output.object), SQLiteValue(c.valueDigest),
                .real(c.duration), SQLiteValue(c.succeeded ? 1 : 0), SQLiteValue(c.interrupted ? 1 : 0), SQLiteValue(c.recordCutShort ? 1 : 0),
                SQLiteValue(c.assertFailed ? 1 : 0),
            ])
        for (position, p) in write.parameters {
            try database.run(
                WriteStatement.insertParameter,
                [r, SQLiteValue(position), .text(p.name), .text(p.value), SQLiteValue(p.overridden ? 1 : 0)])
        }
        for (position, m) in write.metrics {
            let value = m.value.isNaN ? SQLiteValue.null : .real(m.value)
            try database.run(
                WriteStatement.insertMetric,
                [r, SQLiteValue(position), SQLiteValue(m.cell), .text(m.name), value])
            try database.run(WriteStatement.updateLatestMetric, [r, .text(m.name), value])
        }
        for (position, i) in write.inputs {
            try database.run(
                WriteStatement.insertInput,
                [
                    r, SQLiteValue(position), SQLiteValue(i.cell), .text(i.path), .text(i.resolvedPath), .text(i.fingerprint.sha256),
                    SQLiteValue(i.fingerprint.byteCount), SQLiteValue(i.fingerprint.rowCount), .text(Self.json(i.fingerprint.schema)),
                    SQLiteValue(i.snapshot),
                ])
        }
        for (position, m) in write.models {
            try database.run(
                WriteStatement.insertModel,
                [r, SQLiteValue(position), SQLiteValue(m.cell), .text(m.estimator), .text(m.object)])
        }
    }

    /// How a run ended: what its row gets when it is marked finished.
    struct RunEnd: Sendable, Equatable {
        var status: RunRecord.Status
        var exitCode: Int32
        /// The content id chained over every cell and the status.
        var contentID: String
        var verdict: String?
        var git: GitState?
        var endedAt: Date
    }

    /// Marks a run ended, with its last `cells`, in one transaction. Its
    /// journal token stays: a journal the process could not remove before it
    /// died is then known to be in the database.
    func finish(_ run: Int, writing cells: [CellWrite] = [], as end: RunEnd) throws(StoreError) {
        try database.transaction { () throws(StoreError) in
            try insertCells(cells, in: run)
            try markFinished(run, as: end)
        }
    }

    private func markFinished(_ run: Int, as end: RunEnd) throws(StoreError) {
        try database.run(
            WriteStatement.markFinished,
            [
                .text(end.status.rawValue), SQLiteValue(Int(end.exitCode)), .text(end.contentID), SQLiteValue(end.verdict),
                SQLiteValue(end.git?.commit), SQLiteValue(end.git.map { $0.dirty ? 1 : 0 }), .real(end.endedAt.timeIntervalSince1970),
                SQLiteValue(run),
            ])
    }

    /// SQLite's own consistency check of the database file: "ok" or the problems found.
    public func integrityCheck() throws(StoreError) -> String {
        try database.rows("PRAGMA integrity_check").compactMap { $0.text(0) }.joined(separator: "\n")
    }

    // MARK: Live runs

    /// Whether this process may only read the store (another user's, say):
    /// it cannot record runs or bring journaled ones into the database.
    public var isReadOnly: Bool { database.isReadOnly }

    /// How many runs wait in journals no live process holds for a reader that
    /// can write the store to bring them in (`bringInJournaledRuns`).
    public func pendingJournaledRuns() -> Int {
        RunJournal.tokens(in: directory).filter { !RunJournal.isHeld($0, in: directory) && RunJournal.start($0, in: directory) != nil }.count
    }

    /// The journals no live process holds that cannot be read although they
    /// are more than a start cut short (`RunJournal.isDamaged`): left in
    /// `live/` rather than dropped, since they may hold a run.
    public func damagedJournals() -> [String] {
        RunJournal.tokens(in: directory).filter {
            !RunJournal.isHeld($0, in: directory) && RunJournal.start($0, in: directory) == nil && RunJournal.isDamaged($0, in: directory)
        }.map { RunJournal.path($0, in: directory) }
    }

    /// Brings into the database the runs whose process is gone: each run a
    /// journal holds to its end is marked finished as it ended, every other
    /// one interrupted, with every cell its journal holds that the database
    /// did not have yet. Reading commands call it first, so a run that
    /// finished in its journal only is listed, and a killed run never shows
    /// as running.
    public func bringInJournaledRuns() throws(StoreError) {
        try bringInJournals()
        // Rows still running whose journal is gone: their process died and left nothing more.
        for row in try database.rows("SELECT number, live_token FROM runs WHERE status = 'running'") {
            guard let number = row.integer(0) else { continue }
            if let token = row.text(1), RunJournal.isHeld(token, in: directory) { continue }
            try database.transaction { () throws(StoreError) in
                // Another reader may have closed it since the query above.
                guard try database.rows("SELECT 1 FROM runs WHERE number = ? AND status = 'running'", [SQLiteValue(number)]).count == 1 else {
                    return
                }
                try close(number, with: row.text(1).map { RunJournal.entries($0, in: directory) } ?? [])
            }
            if let token = row.text(1) { RunJournal.remove(token, in: directory) }
        }
    }

    /// The journals no live process holds, in the order their runs started:
    /// runs that ended in their journal only (a script's run leaves its row
    /// to the next reader), runs whose process died before or after it wrote
    /// their row, and stale journals of runs already ended in the database.
    /// Each is read whole only in its own transaction: a store may hold the
    /// journals of thousands of CI runs.
    private func bringInJournals() throws(StoreError) {
        var journaled = [(token: String, started: Date)]()
        for token in RunJournal.tokens(in: directory) where !RunJournal.isHeld(token, in: directory) {
            guard let run = RunJournal.start(token, in: directory) else {
                // Cut short before its run began, it holds nothing; damaged, it may hold a run.
                if !RunJournal.isDamaged(token, in: directory) { RunJournal.remove(token, in: directory) }
                continue
            }
            journaled.append((token, run.startedAt))
        }
        for (token, _) in journaled.sorted(by: { ($0.started, $0.token) < ($1.started, $1.token) }) {
            try database.transaction { () throws(StoreError) in
                let entries = RunJournal.entries(token, in: directory)
                // Read inside the transaction: another reader may have brought it in since.
                if let row = try database.rows("SELECT number, status FROM runs WHERE live_token = ?", [.text(token)]).first {
                    guard row.text(1) == RunRecord.Status.running.rawValue, let number = row.integer(0) else { return }  // ended: stale
                    try close(number, with: entries)
                } else if case .begin(let run)? = entries.first {
                    try close(try insertRun(run, token: token), with: entries)
                }
            }
            RunJournal.remove(token, in: directory)
        }
        for temporary in RunJournal.abandonedTemporaries(in: directory) { unlink(temporary) }
    }

    /// Catches run `number` up with its journal's `entries` and marks it
    /// finished as the journal says, or interrupted if it does not say.
    private func close(_ number: Int, with entries: [RunJournal.Entry]) throws(StoreError) {
        try catchUp(number, with: entries)
        guard case .finished(let end)? = entries.last else {
            let cellEnds = entries.compactMap { entry -> Date? in
                if case .cell(let write) = entry { return write.endedAt }
                return nil
            }
            return try markInterrupted(number, lastCellEnded: cellEnds.max())
        }
        try markFinished(number, as: end)
    }

    /// Writes what `entries` hold beyond what the database has of run `number`.
    private func catchUp(_ number: Int, with entries: [RunJournal.Entry]) throws(StoreError) {
        let stored = try database.rows("SELECT count(*) FROM cells WHERE run = ?", [SQLiteValue(number)]).first?.integer(0) ?? 0
        var completions = [Int: (valueDigest: String?, contentID: String, modelObjects: [String])]()
        for case .completed(let position, let valueDigest, let contentID, let modelObjects) in entries {
            completions[position] = (valueDigest, contentID, modelObjects)
        }
        var writes = [CellWrite]()
        for entry in entries {
            switch entry {
            case .begin, .completed, .finished: break
            case .environment(let environment): try setEnvironment(environment, of: number)
            case .git(let state): try setGit(state, of: number)
            case .cell(var write) where write.position >= stored:
                // A cell the process died before completing has no digest to
                // compare a replay with, so it counts as interrupted (a replay
                // stops before it); its models, which may not have been
                // stored, are left out.
                if let completion = completions[write.position], completion.modelObjects.count == write.models.count {
                    write.cell.valueDigest = completion.valueDigest
                    write.contentID = completion.contentID
                    for i in write.models.indices { write.models[i].model.object = completion.modelObjects[i] }
                } else {
                    write.models = []
                    write.cell.interrupted = true
                    write.cell.recordCutShort = true
                }
                writes.append(write)
            case .cell: break
            }
        }
        try insertCells(writes, in: number)
    }

    /// Marks run `number` interrupted, ended when its last cell did
    /// (`lastCellEnded`, from its journal). It died some time after that, but
    /// that is the last moment known. Without the time (a journal from before
    /// cells carried it, or none), the cells' durations from its start are
    /// the best guess, right for a script, short for a REPL session.
    private func markInterrupted(_ number: Int, lastCellEnded: Date?) throws(StoreError) {
        try database.run(
            """
            UPDATE runs SET status = 'interrupted',
                ended_at = coalesce(?, started_at + coalesce((SELECT sum(duration) FROM cells WHERE run = runs.number), 0))
            WHERE number = ?
            """,
            [SQLiteValue(lastCellEnded?.timeIntervalSince1970), SQLiteValue(number)])
    }

    /// When the runs being recorded right now started, those in the database
    /// and those whose row is not written yet (no number; their script names them).
    func liveRunStarts() throws(StoreError) -> [(run: GarbageReport.LiveRun, started: Date)] {
        var starts = [(run: GarbageReport.LiveRun, started: Date)](), inDatabase = Set<String>()
        for row in try database.rows("SELECT number, started_at, live_token, script FROM runs WHERE status = 'running'") {
            if let started = row.real(1) {
                starts.append((GarbageReport.LiveRun(number: row.integer(0), script: row.text(3)), Date(timeIntervalSince1970: started)))
            }
            if let token = row.text(2) { inDatabase.insert(token) }
        }
        // A journal without a row may also have ended since the caller
        // brought ended runs into the database: its objects are not referred to yet.
        for token in RunJournal.tokens(in: directory) where !inDatabase.contains(token) {
            if let run = RunJournal.start(token, in: directory) { starts.append((GarbageReport.LiveRun(number: nil, script: run.script), run.startedAt)) }
        }
        return starts
    }

    // MARK: Encoding

    static func json<T: Encodable>(_ value: T) -> String {
        (try? CanonicalJSON.text(value)) ?? "null"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(type, from: Data(text.utf8))
    }
}
