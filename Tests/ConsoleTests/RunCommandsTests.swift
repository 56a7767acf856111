import Foundation
@testable import Runs
import Testing

/// `mlx runs`, `mlx diff` and `mlx gc` through the binary, on two real runs
/// of one script with different `--set` values.
@Suite struct RunCommandsTests {
    /// A classifier whose regularisation is a parameter, so two runs differ in it and in their metrics.
    static let script = """
        seed 7
        param c = 1.0
        iris = load "datasets/iris.csv"
        train_set, test_set = split iris 0.7 stratify species
        model = train logistic on train_set target species with c = c, max_iter = 200
        report = test model on test_set

        """

    /// A store of its own holding runs #1 (c = 0.01) and #2 (c = 2).
    static func twoRuns() throws -> [String: String] {
        let store = CommandLineTests.ownStore()
        let path = try CommandLineTests.script(script)
        for c in ["0.01", "2"] { _ = try CommandLineTests.succeeding(["run", path, "--set", "c=\(c)"], in: store) }
        return store
    }

    @Test func runsListsTheRunsWithTheirHeadlineMetrics() throws {
        let store = try Self.twoRuns()
        let lines = try CommandLineTests.succeeding(["runs"], in: store).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].split(separator: " ") == ["#", "id", "started", "script", "status", "duration", "accuracy", "f1", "roc_auc"])
        #expect(lines[2].hasPrefix("1  ") && lines[3].hasPrefix("2  "))
        #expect(lines[2].contains(" ok "))
        let limited = try CommandLineTests.succeeding(["runs", "--limit", "1"], in: store)
        #expect(limited.hasSuffix("\n1 of 2 runs; --all or --limit N for more\n"))
    }

    @Test func runsAsJSON() throws {
        let store = try Self.twoRuns()
        let json = try CommandLineTests.succeeding(["runs", "--json"], in: store)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(runs.map { $0["number"] as? Int } == [1, 2])
        let first = runs[0]
        #expect(Set(first.keys) == ["number", "id", "kind", "script", "started", "ended", "status", "duration", "replay_of", "verdict", "metrics"])
        #expect(first["kind"] as? String == "script" && first["status"] as? String == "ok")
        #expect((first["id"] as? String)?.count == 64)
        #expect(first["replay_of"] is NSNull)
        #expect(ISO8601DateFormatter.withFractionalSeconds.date(from: first["started"] as? String ?? "") != nil)
        let accuracy = try #require((first["metrics"] as? [String: Any])?["accuracy"] as? Double)
        #expect((0...1).contains(accuracy))
    }

    /// A negative limit is refused for what it is, not as a missing value.
    @Test func aNegativeLimitIsRefusedWithTheReason() throws {
        let refused = try CommandLineTests.mlx(["runs", "--limit", "-1"], environment: CommandLineTests.ownStore())
        #expect(refused.status == 64)
        #expect(refused.err.hasPrefix("Error: --limit must be at least 1\n"), "\(refused.err)")
    }

    /// A run still being recorded has cells yet to come, which a replay
    /// would report as differences: it is refused until the run ends.
    @Test func aRunStillRunningIsNotReplayed() throws {
        let environment = CommandLineTests.ownStore()
        let store = try RunStore(directory: try #require(environment["MLX_STORE"]))
        let journal = try RunJournal(directory: store.directory)  // held by this process, as a live run's is
        let start = RunRecorder.Start(kind: .script, script: "s.mlx", source: "x = 1\n", workingDirectory: "/", overrides: [], mlxVersion: "test")
        var run = RunRecorder(store: nil, start: start).record
        run.environment = .current(mlxVersion: "test")
        _ = try store.begin(run, token: journal.token)
        let replayed = try CommandLineTests.mlx(["replay", "1", "--no-record"], environment: environment)
        #expect(replayed.status == 64)
        #expect(replayed.err == "mlx: run #1 is still running: replay it once it has ended\n")
        withExtendedLifetime(journal) {}
    }

    @Test func conditionsAndTheirErrors() throws {
        let store = try Self.twoRuns()
        #expect(try CommandLineTests.succeeding(["runs", "--where", "accuracy > 2"], in: store) == "no runs match\n")
        let sorted = try CommandLineTests.succeeding(["runs", "--sort", "log_loss", "--desc", "--json"], in: store)
        let numbers = try #require(try JSONSerialization.jsonObject(with: Data(sorted.utf8)) as? [[String: Any]]).map { $0["number"] as? Int }
        #expect(numbers == [1, 2], "the strongly regularised run fits worse")
        let bad = try CommandLineTests.mlx(["runs", "--where", "accuracy >"], environment: store)
        #expect(bad.status == 64)
        #expect(bad.err.hasPrefix("mlx: --where: "))
        // Each --where (or --filter, its other name) must hold: run 2 alone, then neither.
        let listed = { (arguments: [String]) in
            try JSONSerialization.jsonObject(with: Data(try CommandLineTests.succeeding(["runs", "--json"] + arguments, in: store).utf8)) as? [[String: Any]]
        }
        #expect(try listed(["--where", "number > 1", "--filter", "status = ok"])?.map { $0["number"] as? Int } == [2])
        #expect(try CommandLineTests.succeeding(["runs", "--filter", "number > 1", "--where", "number < 2"], in: store) == "no runs match\n")
        let misspelt = try CommandLineTests.mlx(["runs", "--sort", "acuracy"], environment: store)
        #expect(misspelt.status == 64 && misspelt.err.hasPrefix("mlx: --sort: no run reports a metric named 'acuracy'"))
        // A condition on a metric no run reports is refused the same way, under the name it was given.
        let misspeltCondition = try CommandLineTests.mlx(["runs", "--where", "status = ok", "--filter", "acuracy > 0.5"], environment: store)
        #expect(misspeltCondition.err == "mlx: --filter: no run reports a metric named 'acuracy'; did you mean 'accuracy'?\n")
        #expect(misspeltCondition.status == 64)
        let misspeltField = try CommandLineTests.mlx(["runs", "--where", "stauts = ok"], environment: store)
        #expect(misspeltField.err == "mlx: --where: metric 'stauts' is compared with a number, got 'ok'; did you mean the run field 'status'?\n")
        #expect(misspeltField.status == 64)
        let unlike = try CommandLineTests.mlx(["runs", "--where", "perplexity < 3"], environment: store)
        #expect(unlike.status == 64 && unlike.err.hasSuffix("; the run fields are number, status, kind, script, started, duration\n"))
        let dangling = try CommandLineTests.mlx(["runs", "--where", "accuracy > 1 and"], environment: store)
        #expect(dangling.status == 64)
        let missingCondition = "mlx: --where: a condition is missing after the last 'and' in 'accuracy > 1 and': "
        #expect(dangling.err.hasPrefix(missingCondition), "\(dangling.err)")
        let badFilter = try CommandLineTests.mlx(["runs", "--filter", "accuracy >"], environment: store)
        #expect(badFilter.status == 64 && badFilter.err.hasPrefix("mlx: --filter: '"))
        // Runs started today, in the time zone the table shows.
        let now = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        let today = String(format: "%04d-%02d-%02d", now.year!, now.month!, now.day!)
        #expect(try CommandLineTests.succeeding(["runs", "--where", "started = \(today)", "--json"], in: store).contains("\"number\" : 2"))
        let missing = try CommandLineTests.mlx(["runs"], environment: CommandLineTests.ownStore())
        #expect(missing.status == 64 && missing.err.hasPrefix("mlx: no run store at "))
        // A store with no runs yet has no metric names to check a condition against.
        let empty = CommandLineTests.ownStore()
        _ = try RunStore(directory: empty["MLX_STORE"]!)
        #expect(try CommandLineTests.succeeding(["runs"], in: empty) == "no runs recorded yet\n")
        #expect(try CommandLineTests.succeeding(["runs", "--where", "accuracy > 0.9", "--sort", "f1"], in: empty) == "no runs match\n")
    }

    /// Takes read access to `path` in the store `folder` from the user the commands
    /// run as, returned for `CommandLineTests.mlx(_:environment:as:)`. Root reads
    /// anything, so as root the commands run as nobody (65534), kept out by an
    /// owner-only mode; otherwise the mode keeps out everyone. The caller restores the mode.
    static func keepCommandsOut(of path: String, in folder: String) throws -> (uid: uid_t, gid: gid_t)? {
        let asRoot = getuid() == 0
        try #require(!asRoot || CommandLineTests.reachableByOthers(folder), "nobody must reach \(folder) for the mode of \(path) to keep it out")
        chmod(path, asRoot ? 0o700 : 0)
        return asRoot ? (65534, 65534) : nil
    }

    /// A store this user may not enter is there: the message says it cannot be read, not that it is missing.
    @Test func anUnreadableStoreIsNotReportedMissing() throws {
        let store = try Self.twoRuns()
        let folder = try #require(store["MLX_STORE"])
        let user = try Self.keepCommandsOut(of: folder, in: folder)
        defer { chmod(folder, 0o755) }
        let result = try CommandLineTests.mlx(["runs"], environment: store, as: user)
        #expect(result.status == 64)
        #expect(result.err == "mlx: cannot read the run store at \(folder): Permission denied\n", "\(result.err)")
        // A script still runs, and says the store is there but unreadable rather than that it could not be made.
        let run = try CommandLineTests.mlx(["run", CommandLineTests.script("print(1)\n")], environment: store, as: user)
        #expect(run.status == 0 && run.out == "1\n")
        #expect(run.err == "mlx: recording stopped: cannot read the run store at \(folder): Permission denied\n", "\(run.err)")
    }

    /// A database file this user may not open says why, as a store folder they
    /// may not enter does, rather than SQLite's "unable to open database file".
    @Test func anUnreadableDatabaseFileSaysWhy() throws {
        let store = try Self.twoRuns()
        let folder = try #require(store["MLX_STORE"])
        let file = folder + "/runs.sqlite"
        let user = try Self.keepCommandsOut(of: file, in: folder)
        defer { chmod(file, 0o644) }
        // The user nobody may then make a run's journal, as the store's owner could: the failure to report is the database's.
        if user != nil { chmod(folder + "/live", 0o777) }
        let problem = "cannot read the run store at \(file): Permission denied"

        let listed = try CommandLineTests.mlx(["runs"], environment: store, as: user)
        #expect(listed.status == 64)
        #expect(listed.err == "mlx: \(problem)\n", "\(listed.err)")
        let run = try CommandLineTests.mlx(["run", CommandLineTests.script("print(1)\n")], environment: store, as: user)
        #expect(run.status == 0 && run.out == "1\n")
        #expect(run.err.hasPrefix("mlx: recording stopped: \(problem)"), "\(run.err)")
        #expect(run.err.components(separatedBy: "mlx: ").count == 2, "reported once: \(run.err)")

        // The database readable, its write-ahead log or shared memory not: that file is named.
        chmod(file, 0o644)
        for companion in [file + "-wal", file + "-shm"] where FileManager.default.fileExists(atPath: companion) {
            _ = try Self.keepCommandsOut(of: companion, in: folder)
            defer { chmod(companion, 0o644) }
            let refused = try CommandLineTests.mlx(["runs"], environment: store, as: user)
            #expect(refused.status == 64)
            #expect(refused.err == "mlx: cannot read the run store at \(companion): Permission denied\n", "\(refused.err)")
        }
    }

    /// A database whose header was overwritten: every command names the file and
    /// says it is damaged, a script still runs and says once that it was not
    /// recorded, and the file is left as it was for its owner to look at.
    @Test func aDamagedDatabaseIsNamedAndLeftAsItIs() throws {
        let store = try Self.twoRuns()
        let folder = try #require(store["MLX_STORE"])
        let file = folder + "/runs.sqlite"
        try RunStore(directory: folder).database.execute("PRAGMA wal_checkpoint(TRUNCATE)")  // the log would hide a damaged first page
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.write(contentsOf: Data(repeating: 0x41, count: 100))
        try handle.close()
        let damaged = try Data(contentsOf: URL(fileURLWithPath: file))
        let problem = "cannot read the run store at \(file): the database is damaged (file is not a database)"

        for arguments in [["runs"], ["show", "1"]] {
            let result = try CommandLineTests.mlx(arguments, environment: store)
            #expect(result.status == 64)
            #expect(result.err == "mlx: \(problem)\n", "\(arguments): \(result.err)")
        }
        let run = try CommandLineTests.mlx(["run", CommandLineTests.script("print(1)\n")], environment: store)
        #expect(run.status == 0 && run.out == "1\n")
        #expect(run.err.hasPrefix("mlx: recording stopped: \(problem)"), "\(run.err)")
        #expect(run.err.components(separatedBy: "mlx: ").count == 2, "reported once: \(run.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == damaged)
    }

    /// A store this user may not write, holding the journal of a run that ended
    /// in it (a CI run defers the database to the next reader): its runs are
    /// read as they are, and each reader says once what it could not bring in.
    @Test func aReadOnlyStoreIsReadWithoutItsPendingRuns() throws {
        let store = try Self.twoRuns()
        let folder = try #require(store["MLX_STORE"])
        _ = try CommandLineTests.succeeding(["runs"], in: store)  // brings both in
        _ = try CommandLineTests.succeeding(["run", CommandLineTests.script("x = 1\n")], in: store)
        let journals = { try FileManager.default.contentsOfDirectory(atPath: folder + "/live").filter { !$0.hasPrefix(".") } }
        #expect(try journals().count == 1, "the third run waits in its journal")
        // Root writes anything: the commands run as nobody (65534), for whom the store is read-only.
        let asRoot = getuid() == 0
        try #require(!asRoot || CommandLineTests.reachableByOthers(folder), "nobody must reach \(folder) to read it")
        let files = [folder, folder + "/live", folder + "/runs.sqlite"]
        if !asRoot { for path in files { chmod(path, 0o555) } }
        defer { if !asRoot { for path in files { chmod(path, 0o755) } } }
        let note = "mlx: 1 pending run could not be brought in: the run store at \(folder) is read-only for this user\n"
        for arguments in [["runs", "--json"], ["show", "2"], ["diff", "1", "2"], ["export", "1", "--to", "md"]] {
            let result = try CommandLineTests.mlx(arguments, environment: store, as: asRoot ? (65534, 65534) : nil)
            #expect(result.status == 0 && result.err == note, "\(arguments): \(result.err)")
            #expect(!result.out.isEmpty)
        }
        let listed = try CommandLineTests.mlx(["runs", "--json"], environment: store, as: asRoot ? (65534, 65534) : nil)
        let numbers = try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]]).map { $0["number"] as? Int }
        #expect(numbers == [1, 2])
        let replayed = try CommandLineTests.mlx(["replay", "1"], environment: store, as: asRoot ? (65534, 65534) : nil)
        #expect(replayed.status == 0, "\(replayed.err)")
        #expect(replayed.err == note + "mlx: the run store at \(folder) is read-only for this user: this replay is not recorded\n")
        let gc = try CommandLineTests.mlx(["gc"], environment: store, as: asRoot ? (65534, 65534) : nil)
        #expect(gc.status == 64 && gc.err == "mlx: the run store at \(folder) is read-only for this user\n", "\(gc.err)")
        #expect(try journals().count == 1, "left for a reader that can write the store")

        // A store from before version 8, which adds a column, is not read as it is: its owner brings it up first.
        if !asRoot { for path in files { chmod(path, 0o755) } }
        let older = try RunStore(directory: folder)
        try older.database.execute("PRAGMA user_version = 7")
        try older.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if !asRoot { for path in files { chmod(path, 0o555) } }
        let refused = try CommandLineTests.mlx(["runs"], environment: store, as: asRoot ? (65534, 65534) : nil)
        #expect(refused.status == 64)
        #expect(refused.err.contains("has schema version 7, which this mlx reads once it is brought to \(RunStore.schemaVersion), and this user may not write it"), "\(refused.err)")
    }

    /// Another user's store closed cleanly, its log folded in and its `-wal`
    /// and `-shm` gone (copied, or closed by the sqlite3 shell): a reader who
    /// may not create the shared-memory file reads the database as it is.
    /// Characters a URI gives meaning are in the path.
    @Test func aReadOnlyStoreWithoutItsLogIsRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-cli-\(UUID().uuidString) a?b#c%d é/store").path
        let store = ["MLX_STORE": folder]
        let path = try CommandLineTests.script(Self.script)
        for c in ["0.01", "2"] { _ = try CommandLineTests.succeeding(["run", path, "--set", "c=\(c)"], in: store) }
        _ = try CommandLineTests.succeeding(["runs"], in: store)  // brings both in
        do {
            let owner = try RunStore(directory: folder)
            try owner.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        for companion in ["-wal", "-shm"] { unlink(folder + "/runs.sqlite" + companion) }
        let asRoot = getuid() == 0
        try #require(!asRoot || CommandLineTests.reachableByOthers(folder), "nobody must reach \(folder) to read it")
        let files = [folder, folder + "/live", folder + "/runs.sqlite"]
        if !asRoot { for path in files { chmod(path, 0o555) } }
        defer { if !asRoot { for path in files { chmod(path, 0o755) } } }
        let reader: (uid: uid_t, gid: gid_t)? = asRoot ? (65534, 65534) : nil
        let listed = try CommandLineTests.mlx(["runs", "--json"], environment: store, as: reader)
        #expect(listed.status == 0 && listed.err.isEmpty, "\(listed.err)")
        let runs = try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]]
        #expect(runs?.map { $0["number"] as? Int } == [1, 2])
        let shown = try CommandLineTests.mlx(["show", "2"], environment: store, as: reader)
        #expect(shown.status == 0 && shown.out.contains("\n  c     2      (--set)\n"), "\(shown.err)")
        let gc = try CommandLineTests.mlx(["gc"], environment: store, as: reader)
        #expect(gc.status == 64 && gc.err == "mlx: the run store at \(folder) is read-only for this user\n", "\(gc.err)")
        #expect(access(folder + "/runs.sqlite-shm", F_OK) != 0, "nothing was written beside the database")
    }

    @Test func diffShowsTheParameterChange() throws {
        let store = try Self.twoRuns()
        let text = try CommandLineTests.succeeding(["diff", "1", "2"], in: store)
        #expect(text.contains("\nparameters\n  c  0.01  →  2\n"))
        #expect(text.contains("\nscript\n  no differences\n"))
        #expect(text.contains("\ndata\n  no differences\n"))
        let markdown = try CommandLineTests.succeeding(["diff", "1", "last", "--md"], in: store)
        #expect(markdown.contains("| c | 0.01 | 2 |"))
        let unknown = try CommandLineTests.mlx(["diff", "1", "9"], environment: store)
        #expect(unknown.status == 64 && unknown.err.hasPrefix("mlx: no run #9"))
    }

    /// `-1` would be read as an option and reported as a missing run; the message says what to write.
    @Test func aRunCountedFromTheEndIsPointedToLast() throws {
        let store = try Self.twoRuns()
        let cases = [(["show", "-1"], "-1", "(for -1, last)"), (["--store", store["MLX_STORE"]!, "diff", "-2", "last"], "-2", "(for -2, last~1)")]
        for (arguments, negative, suggestion) in cases {
            let result = try CommandLineTests.mlx(arguments, environment: store)
            #expect(result.status == 64)
            #expect(result.err.hasPrefix("mlx: '\(negative)' reads as an option") && result.err.contains(suggestion), "\(result.err)")
        }
        // Past `--` the parser takes -1 as the run; the store's answer says the same.
        let escaped = try CommandLineTests.mlx(["show", "--", "-2"], environment: store)
        #expect(escaped.status == 64)
        #expect(escaped.err == "mlx: no run #-2: runs are numbered from #1; name the run by its number, last or last~N (for -2, last~1)\n")
        let zero = try CommandLineTests.mlx(["show", "#0"], environment: store)
        #expect(zero.err == "mlx: no run #0: runs are numbered from #1; name the run by its number, last or last~N\n")
        #expect(try CommandLineTests.succeeding(["diff", "last~1", "last"], in: store).contains("parameters"))
    }

    @Test func diffAsJSON() throws {
        let store = try Self.twoRuns()
        let json = try CommandLineTests.succeeding(["diff", "1", "2", "--json"], in: store)
        let diff = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let parameters = try #require(diff["parameters"] as? [[String: Any]])
        #expect(parameters.count == 1)
        #expect(parameters.first?["name"] as? String == "c" && parameters.first?["old"] as? String == "0.01" && parameters.first?["new"] as? String == "2")
        #expect(diff["identical"] as? Bool == false)
        #expect(diff["script"] as? String == "")
        let metrics = try #require(diff["metrics"] as? [[String: Any]])
        #expect(metrics.contains { $0["name"] as? String == "log_loss" && $0["delta"] is Double })
    }

    /// A cell's long output is an object: a diff and a script's export do not
    /// read it, so they work without it; showing the run says it is missing.
    @Test func whatReadsNoOutputWorksWithoutALongOutputsObject() throws {
        let store = CommandLineTests.ownStore()
        let path = try CommandLineTests.script("for i in range(1, 2001):\n    print(\"a line of a long output\", i)\n")
        for _ in 0..<2 { _ = try CommandLineTests.succeeding(["run", path], in: store) }
        #expect(try CommandLineTests.succeeding(["show", "1"], in: store).contains("a line of a long output 2000\n"))
        let objects = try #require(store["MLX_STORE"]) + "/objects"
        let folders = try FileManager.default.contentsOfDirectory(atPath: objects)
        #expect(folders.count == 1, "the two runs share one object")
        try FileManager.default.removeItem(atPath: objects + "/" + folders[0])

        #expect(try CommandLineTests.succeeding(["diff", "1", "2"], in: store).contains("\nscript\n  no differences\n"))
        #expect(try CommandLineTests.succeeding(["export", "1", "--to", "mlx"], in: store).hasSuffix("print(\"a line of a long output\", i)\n"))
        let shown = try CommandLineTests.mlx(["show", "1"], environment: store)
        #expect(shown.status == 64 && shown.err.contains("is missing from the run store"))
    }

    /// What a cell printed is kept whole, a NUL included, so its replay matches.
    @Test func aPrintedNulIsRecordedAndReplayedWhole() throws {
        let store = CommandLineTests.ownStore()
        let path = try CommandLineTests.script("print(\"a\\0b\")\nprint(\"c\")\n")
        #expect(try CommandLineTests.succeeding(["run", path], in: store) == "a\u{0}b\nc\n")
        #expect(try CommandLineTests.succeeding(["replay", "1"], in: store).contains("verdict: identical: 2 of 2 cells"))
        #expect(try CommandLineTests.succeeding(["show", "1"], in: store).contains("a\u{0}b\n"))
    }

    @Test func gcKeepsWhatRunsReferTo() throws {
        let store = try Self.twoRuns()
        let dry = try CommandLineTests.succeeding(["gc", "--dry-run"], in: store)
        #expect(dry.hasPrefix("nothing to remove: "))
        let folder = try #require(store["MLX_STORE"]) + "/objects/00"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let orphan = folder + "/" + String(repeating: "0", count: 62)
        try Data("orphan".utf8).write(to: URL(fileURLWithPath: orphan))
        var hourAgo = [timeval](repeating: timeval(tv_sec: Int(Date().timeIntervalSince1970) - 3600, tv_usec: 0), count: 2)
        utimes(orphan, &hourAgo)
        let removed = try CommandLineTests.succeeding(["gc"], in: store)
        #expect(removed.hasPrefix("removed 1 object no run refers to (6 B):\n  000000000000  6 B\n"))
        #expect(!FileManager.default.fileExists(atPath: orphan))
    }
}

extension ISO8601DateFormatter {
    /// Reads the timestamps `--json` writes.
    static var withFractionalSeconds: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
