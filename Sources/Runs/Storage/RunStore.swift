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
        do {
            for folder in ["", "/objects", "/live"] {
                try FileManager.default.createDirectory(atPath: directory + folder, withIntermediateDirectories: true)
            }
        } catch {
            throw StoreError("cannot create the run store at \(directory): \(error.localizedDescription)")
        }
        objects = ObjectStore(directory: directory + "/objects")
        database = try SQLiteDatabase(path: directory + "/runs.sqlite")
        try migrate()
    }

    /// Opens the existing store in `directory`; a missing store is an error
    /// (reading commands never create one).
    public static func existing(at directory: String) throws(StoreError) -> RunStore {
        guard FileManager.default.fileExists(atPath: directory + "/runs.sqlite") else {
            throw StoreError("no run store at \(directory): runs are recorded by `mlx run` and the REPL")
        }
        return try RunStore(directory: directory)
    }

    // MARK: Writing a run

    /// Inserts a new run marked running, holding `lock`; returns its number.
    func begin(_ run: RunRecord, lock: LiveLock) throws(StoreError) -> Int {
        try database.transaction { () throws(StoreError) in
            try database.run(
                """
                INSERT INTO runs (content_id, kind, script, source, working_directory, started_at, status, seed, random_algorithm,
                    overrides, digits, environment, git_commit, git_dirty, replay_of, live_token)
                VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(run.contentID), .text(run.kind.rawValue), SQLiteValue(run.script), SQLiteValue(run.source),
                    .text(run.workingDirectory), .real(run.startedAt.timeIntervalSince1970), SQLiteValue(run.seed.map(String.init)),
                    .text(run.randomAlgorithm), .text(Self.json(run.overrides)), SQLiteValue(run.digits), .text(Self.json(run.environment)),
                    SQLiteValue(run.git?.commit), SQLiteValue(run.git.map { $0.dirty ? 1 : 0 }), SQLiteValue(run.replayOf),
                    .text(lock.token),
                ])
            return Int(database.lastInsertedRow)
        }
    }

    /// What one finished cell adds to a run, written in one transaction.
    struct CellWrite {
        var position: Int
        var cell: RunRecord.Cell
        var parameters: [(position: Int, parameter: RunRecord.Parameter)] = []
        var metrics: [(position: Int, metric: RunRecord.Metric)] = []
        var inputs: [(position: Int, input: RunRecord.Input)] = []
        var models: [(position: Int, model: RunRecord.Model)] = []
        var seed: UInt64?
        var contentID: String
    }

    /// Makes one finished cell durable.
    func record(_ write: CellWrite, in run: Int) throws(StoreError) {
        let r = SQLiteValue.integer(Int64(run))
        try database.transaction { () throws(StoreError) in
            let c = write.cell
            try database.run(
                "INSERT INTO cells (run, position, number, source, output, value_digest, duration, succeeded, interrupted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [r, SQLiteValue(write.position), SQLiteValue(c.number), .text(c.source), .text(c.output), SQLiteValue(c.valueDigest), .real(c.duration), SQLiteValue(c.succeeded ? 1 : 0),
                    SQLiteValue(c.interrupted ? 1 : 0),
                ])
            for (position, p) in write.parameters {
                try database.run(
                    "INSERT INTO parameters (run, position, name, value, overridden) VALUES (?, ?, ?, ?, ?)",
                    [r, SQLiteValue(position), .text(p.name), .text(p.value), SQLiteValue(p.overridden ? 1 : 0)])
            }
            for (position, m) in write.metrics {
                let value = m.value.isNaN ? SQLiteValue.null : .real(m.value)
                try database.run(
                    "INSERT INTO metrics (run, position, cell, name, value) VALUES (?, ?, ?, ?, ?)",
                    [r, SQLiteValue(position), SQLiteValue(m.cell), .text(m.name), value])
                try database.run("INSERT OR REPLACE INTO latest_metrics (run, name, value) VALUES (?, ?, ?)", [r, .text(m.name), value])
            }
            for (position, i) in write.inputs {
                try database.run(
                    """
                    INSERT INTO inputs (run, position, cell, path, resolved_path, sha256, byte_count, row_count, schema, snapshot)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        r, SQLiteValue(position), SQLiteValue(i.cell), .text(i.path), .text(i.resolvedPath), .text(i.fingerprint.sha256),
                        SQLiteValue(i.fingerprint.byteCount), SQLiteValue(i.fingerprint.rowCount), .text(Self.json(i.fingerprint.schema)),
                        SQLiteValue(i.snapshot),
                    ])
            }
            for (position, m) in write.models {
                try database.run(
                    "INSERT INTO models (run, position, cell, estimator, object) VALUES (?, ?, ?, ?, ?)",
                    [r, SQLiteValue(position), SQLiteValue(m.cell), .text(m.estimator), .text(m.object)])
            }
            try database.run(
                "UPDATE runs SET content_id = ?, seed = coalesce(?, seed) WHERE number = ?",
                [.text(write.contentID), SQLiteValue(write.seed.map(String.init)), r])
        }
    }

    /// Marks a run ended.
    func finish(_ run: Int, status: RunRecord.Status, exitCode: Int32, contentID: String, verdict: String?, git: GitState?, at time: Date)
        throws(StoreError)
    {
        try database.run(
            """
            UPDATE runs SET status = ?, exit_code = ?, content_id = ?, verdict = ?, git_commit = ?, git_dirty = ?, ended_at = ?, live_token = NULL
            WHERE number = ?
            """,
            [
                .text(status.rawValue), SQLiteValue(Int(exitCode)), .text(contentID), SQLiteValue(verdict), SQLiteValue(git?.commit),
                SQLiteValue(git.map { $0.dirty ? 1 : 0 }), .real(time.timeIntervalSince1970), SQLiteValue(run),
            ])
    }

    /// SQLite's own consistency check of the database file: "ok" or the problems found.
    public func integrityCheck() throws(StoreError) -> String {
        try database.rows("PRAGMA integrity_check").compactMap { $0.text(0) }.joined(separator: "\n")
    }

    // MARK: Live runs

    /// Marks runs whose process died as interrupted. Reading commands call it
    /// first, so a killed run never shows as running.
    public func markInterruptedRuns() throws(StoreError) {
        let running = try database.rows("SELECT number, live_token FROM runs WHERE status = 'running'")
        for row in running {
            guard let number = row.integer(0) else { continue }
            if let token = row.text(1), LiveLock.isHeld(token, in: directory) { continue }
            // It ended some time after its last finished cell; the cells' time is what is known.
            try database.run(
                """
                UPDATE runs SET status = 'interrupted', live_token = NULL,
                    ended_at = started_at + coalesce((SELECT sum(duration) FROM cells WHERE run = runs.number), 0)
                WHERE number = ? AND status = 'running'
                """,
                [SQLiteValue(number)])
            if let token = row.text(1) { LiveLock.remove(token, in: directory) }
        }
    }

    // MARK: Encoding

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(type, from: Data(text.utf8))
    }
}
