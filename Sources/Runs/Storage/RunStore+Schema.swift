import Foundation

/// The store's tables, and the migrations that bring an older store up to date.
extension RunStore {
    /// The schema version this build writes; `PRAGMA user_version` holds a store's.
    public static let schemaVersion = 9

    /// The first version whose readers take every journal this build writes:
    /// from 4 a run may end in its journal only (see
    /// `RunRecorder.Start.databaseDeferred`), from 7 a cell carries its end time,
    /// from 8 whether an assert in it failed, from 9 the run's git state ahead of its end.
    static let journalReadersVersion = 9

    /// Each entry upgrades a store from version `index` to `index + 1`.
    static let migrations: [String] = [
        """
        CREATE TABLE runs (
            number INTEGER PRIMARY KEY AUTOINCREMENT,
            content_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            script TEXT,
            source TEXT,
            working_directory TEXT NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL,
            status TEXT NOT NULL,
            exit_code INTEGER,
            seed TEXT,
            random_algorithm TEXT NOT NULL,
            overrides TEXT NOT NULL,
            digits INTEGER NOT NULL,
            environment TEXT NOT NULL,
            git_commit TEXT,
            git_dirty INTEGER,
            replay_of INTEGER REFERENCES runs(number),
            verdict TEXT,
            live_token TEXT
        );
        CREATE INDEX runs_by_content_id ON runs(content_id);
        CREATE INDEX runs_by_status ON runs(status);
        CREATE TABLE cells (
            run INTEGER NOT NULL REFERENCES runs(number) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            number INTEGER NOT NULL,
            source TEXT NOT NULL,
            output TEXT NOT NULL,
            value_digest TEXT,
            duration REAL NOT NULL,
            succeeded INTEGER NOT NULL,
            PRIMARY KEY (run, position)
        ) WITHOUT ROWID;
        CREATE TABLE parameters (
            run INTEGER NOT NULL REFERENCES runs(number) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            overridden INTEGER NOT NULL,
            PRIMARY KEY (run, position)
        ) WITHOUT ROWID;
        CREATE TABLE metrics (
            run INTEGER NOT NULL REFERENCES runs(number) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            cell INTEGER NOT NULL,
            name TEXT NOT NULL,
            value REAL,
            PRIMARY KEY (run, position)
        ) WITHOUT ROWID;
        CREATE TABLE latest_metrics (
            run INTEGER NOT NULL REFERENCES runs(number) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value REAL,
            PRIMARY KEY (run, name)
        ) WITHOUT ROWID;
        CREATE INDEX latest_metrics_by_name ON latest_metrics(name, value);
        CREATE TABLE inputs (
            run INTEGER NOT NULL REFERENCES runs(number) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            cell INTEGER NOT NULL,
            path TEXT NOT NULL,
            resolved_path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            byte_count INTEGER NOT NULL,
            row_count INTEGER NOT NULL,
            schema TEXT NOT NULL,
            snapshot TEXT,
            PRIMARY KEY (run, position)
        ) WITHOUT ROWID;
        CREATE TABLE models (
            run INTEGER NOT NULL REFERENCES runs(number) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            cell INTEGER NOT NULL,
            estimator TEXT NOT NULL,
            object TEXT NOT NULL,
            PRIMARY KEY (run, position)
        ) WITHOUT ROWID;
        """,
        // 2: the model registry. A version is allocated and its bundle
        // written inside one write transaction, so versions never collide.
        """
        CREATE TABLE deployments (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            run INTEGER REFERENCES runs(number),
            created_at REAL NOT NULL,
            estimator TEXT NOT NULL,
            model_object TEXT NOT NULL,
            manifest_sha256 TEXT NOT NULL,
            metrics TEXT NOT NULL,
            PRIMARY KEY (name, version)
        ) WITHOUT ROWID;
        ALTER TABLE cells ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0;
        """,
        // 3: why a cell is interrupted. Before, a recovered cell whose record
        // was cut short was told from one Ctrl-C stopped by having succeeded,
        // which misnamed a failed cell the kill cut short; that reading is kept
        // for the cells already recorded.
        """
        ALTER TABLE cells ADD COLUMN cut_short INTEGER NOT NULL DEFAULT 0;
        UPDATE cells SET cut_short = 1 WHERE interrupted = 1 AND succeeded = 1;
        """,
        // 4: a script's run may end in its journal, for the next reader to
        // write. No table changes; an older mlx must refuse the store, as it
        // would take such a journal for a run killed at its start and delete it.
        noTableChange,
        // 5: what `mlx runs` shows of each run, in an index of its own. Read
        // from the table, a listing of every run also read each run's source
        // and environment, ten times the bytes; a machine that had evicted them
        // from its cache spent most of the listing's time reading them back.
        "CREATE INDEX IF NOT EXISTS runs_listed ON runs(number, started_at, ended_at, status, kind, script, content_id, replay_of, verdict);",
        // 6: a cell's output of `outputObjectSize` bytes or more is an object,
        // named here, and `output` is empty: a replay or a rerun that prints
        // the same shares it, and the cells table keeps short rows.
        "ALTER TABLE cells ADD COLUMN output_object TEXT;",
        // 7: a journaled cell carries its end time, in an entry of a new kind.
        // No table changes; an older mlx must refuse the store, as it would stop
        // reading a journal at its first such cell and drop the cells after it.
        noTableChange,
        // 8: whether an assert in a cell failed, in the cells table and after
        // a journaled cell's end time, where an older mlx would stop reading.
        "ALTER TABLE cells ADD COLUMN assert_failed INTEGER NOT NULL DEFAULT 0;",
        // 9: a journal holds the run's git state from its first cell, in an
        // entry of a new kind, so that a killed run keeps it. No table changes;
        // an older mlx must refuse the store, as it would stop reading there.
        noTableChange,
    ]

    /// A version that changes no table, only makes an older mlx refuse the store.
    static let noTableChange = "SELECT 1"

    /// Whether the store folder's registry holds any model.
    static func hasDeployedModels(in directory: String) -> Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/registry")) ?? []).contains { !$0.hasPrefix(".") }
    }

    /// Applies the migrations a store lacks, each in its own transaction;
    /// refuses a store written by a newer mlx.
    func migrate() throws(StoreError) {
        if database.isReadOnly { return try checkReadableAsItIs() }
        let migrated = try database.transaction { () throws(StoreError) -> Bool in
            let version = try schemaVersionNotNewer()
            // An empty database beside deployed models lost its runs (deleted or truncated): starting
            // over would number new runs and versions from 1 among models of runs no longer listed.
            // (Objects alone say nothing: a new store's first run may keep a snapshot before its
            // database exists; a deploy always goes through the database.)
            if version == 0, Self.hasDeployedModels(in: directory) {
                throw StoreError(
                    "the run store at \(directory) has deployed models but its database runs.sqlite is empty: it was deleted or truncated; restore it, or move \(directory) away to start a new store")
            }
            for step in version..<Self.schemaVersion {
                try database.execute(Self.migrations[step])
                try database.execute("PRAGMA user_version = \(step + 1)")
            }
            return version < Self.schemaVersion
        }
        // Into the database file itself, where `fileSchemaVersion` reads it, rather than the log.
        if migrated { try? database.execute("PRAGMA wal_checkpoint(PASSIVE)") }
    }

    /// The store's schema version, refused if a newer mlx wrote it.
    private func schemaVersionNotNewer() throws(StoreError) -> Int {
        let version = try database.rows("PRAGMA user_version").first?.integer(0) ?? 0
        guard version <= Self.schemaVersion else {
            throw StoreError("the run store at \(directory) has schema version \(version); this mlx reads up to \(Self.schemaVersion): upgrade mlx")
        }
        return version
    }

    /// A store this user may not write cannot be migrated: it is read as it is when the versions
    /// it lacks change no table, and otherwise its owner must bring it up to date.
    private func checkReadableAsItIs() throws(StoreError) {
        let version = try schemaVersionNotNewer()
        guard Self.migrations[version..<Self.schemaVersion].allSatisfy({ $0 == Self.noTableChange }) else {
            throw StoreError(
                "the run store at \(directory) has schema version \(version), which this mlx reads once it is brought to \(Self.schemaVersion), and this user may not write it: run an mlx command that reads it (mlx runs) as its owner once")
        }
    }

    /// The schema version in the header of the store's database file, read
    /// without SQLite (nil if there is no readable database file). It can lag
    /// behind the write-ahead log, never run ahead of it: a run that finds it
    /// old opens the store, which migrates it. Only for a process with no
    /// connection to the file open: closing any descriptor of it drops the
    /// process's POSIX locks, which SQLite's connections rely on.
    static func fileSchemaVersion(in directory: String) -> Int? {
        let descriptor = open(directory + "/runs.sqlite", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // SQLite's header: 16 bytes of magic, and the user version big-endian at offset 60.
        var header = [UInt8](repeating: 0, count: 64)
        guard header.withUnsafeMutableBytes({ pread(descriptor, $0.baseAddress, 64, 0) }) == 64,
            header.starts(with: Array("SQLite format 3\0".utf8))
        else { return nil }
        return header[60..<64].reduce(0) { $0 << 8 | Int($1) }
    }
}
