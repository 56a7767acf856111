import Foundation
import Synchronization
import Language
import Numerics
import Tables
import Testing

@testable import Runs

/// The store's contract: what is recorded reads back exactly; references
/// resolve; a run whose process is gone shows as interrupted.
@Suite struct RunStoreTests {
    static func temporaryStore() throws -> RunStore {
        try RunStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("mlx-store-\(UUID().uuidString)").path)
    }

    static func start(_ kind: RunRecord.Kind = .script) -> RunRecorder.Start {
        RunRecorder.Start(kind: kind, script: "a.mlx", source: "x = 1\nx\n", workingDirectory: "/tmp", overrides: ["c=2"], mlxVersion: "test")
    }

    @Test func aRecordedRunReadsBackExactly() throws {
        let store = try Self.temporaryStore()
        let recorder = RunRecorder(store: store, start: Self.start())
        recorder.beginCell()
        recorder.emit(.seedSet(UInt64.max))
        recorder.emit(.parameterSet(name: "c", value: .number(2), overridden: true))
        recorder.capture("\u{1B}[1;31merror\u{1B}[0m: x\n")
        recorder.emit(.metric(name: "accuracy", value: 0.1 + 0.2))
        recorder.emit(.metric(name: "log_loss", value: .nan))
        recorder.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: Value.number(1).digest)
        recorder.finish(status: .ok, exitCode: 0)

        let read = try store.run(try #require(recorder.number))
        let written = recorder.record.withNaNMetricsAsRead, back = read.withNaNMetricsAsRead
        #expect(back.cells == written.cells)
        #expect(back.metrics == written.metrics)
        #expect(back.parameters == written.parameters)
        #expect(back.environment == written.environment)
        #expect(back.startedAt == written.startedAt)
        #expect(back.endedAt == written.endedAt)
        #expect(back == written)
        #expect(read.cells[0].output == "error: x\n")
        #expect(read.seed == UInt64.max)
        #expect(read.metrics[0].value == 0.30000000000000004)
        #expect(read.status == .ok)
        #expect(read.overrides == ["c=2"])
    }

    /// Output comes in pieces: each loses its colour codes (ESC [ … letter),
    /// other bytes are kept as printed (a NUL too), across pieces and cells.
    @Test func aCellsOutputIsWhatItPrintedWithoutColour() throws {
        let store = try Self.temporaryStore()
        let recorder = RunRecorder(store: store, start: Self.start())
        recorder.beginCell()
        for piece in ["\u{0}é", "\u{1B}[1;31mred\u{1B}[0m", " \u{1B}x", "\u{1B}", "🙂\n"] { recorder.capture(piece) }
        recorder.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: nil)
        recorder.beginCell()
        recorder.capture("second\n")
        recorder.endCell(number: 2, source: "x", succeeded: true, valueDigest: nil)
        recorder.finish(status: .ok, exitCode: 0)
        #expect(try store.run(try #require(recorder.number)).cells.map(\.output) == ["\u{0}éred \u{1B}x\u{1B}🙂\n", "second\n"])
    }

    /// Records a run whose one cell printed `output`; returns its number.
    static func runPrinting(_ output: String, in store: RunStore, deferred: Bool = false) throws -> Int {
        let recorder = deferred ? RunRecorder(storeDirectory: store.directory, start: deferredStart()) : RunRecorder(store: store, start: start())
        recorder.beginCell()
        recorder.capture(output)
        recorder.endCell(number: 1, source: "print(text)", succeeded: true, valueDigest: nil)
        recorder.finish(status: .ok, exitCode: 0)
        if deferred { try store.bringInJournaledRuns() }
        return try recorder.number ?? #require(try store.summaries(RunQuery()).last?.number)
    }

    @Test func aLongOutputIsAnObjectThatRunsPrintingItShare() throws {
        let store = try Self.temporaryStore()
        // The size counts UTF-8 bytes: "é" is two.
        let long = String(repeating: "é", count: RunStore.outputObjectSize / 2)
        let short = String(repeating: "é", count: RunStore.outputObjectSize / 2 - 1) + "x"
        #expect(long.utf8.count == RunStore.outputObjectSize && short.utf8.count == RunStore.outputObjectSize - 1)
        let runs = try [long, short, long].enumerated().map { try Self.runPrinting($0.element, in: store, deferred: $0.offset == 2) }
        for (number, output) in zip(runs, [long, short, long]) { #expect(try store.run(number).cells[0].output == output) }

        let rows = try store.database.rows("SELECT output, output_object FROM cells ORDER BY run")
        let name = ContentDigest.sha256(Data(long.utf8))
        #expect(rows.map { $0.text(1) } == [name, nil, name], "a deferred run's reader stores it the same way")
        #expect(rows.map { $0.text(0) } == ["", short, ""])
        #expect(store.objects.list().objects.map(\.name) == [name], "stored once")
        GarbageCollectionTests.age(store.objects.path(of: name), by: 60)
        let report = try store.collectGarbage(dryRun: false)
        #expect(report.objects.isEmpty && report.referenced == 1 && store.objects.contains(name))

        store.objects.remove(name)
        #expect {
            try store.run(runs[0])
        } throws: { error in
            (error as? StoreError)?.message.contains("object \(name.prefix(12)) is missing from the run store") == true
        }
        // What reads no output (a diff, a script's export) still reads the run.
        #expect(try store.run(runs[0], withOutputs: false).cells.map(\.output) == [""])
        #expect(try store.run(runs[1], withOutputs: false).cells.map(\.output) == [short])
    }

    @Test func referencesResolveByNumberLastAndIdPrefix() throws {
        let store = try Self.temporaryStore()
        var recorders = [RunRecorder]()
        for _ in 0..<3 {
            let recorder = RunRecorder(store: store, start: Self.start())
            recorder.finish(status: .ok, exitCode: 0)
            recorders.append(recorder)
        }
        #expect(try store.resolve("last") == 3)
        #expect(try store.resolve("last~2") == 1)
        #expect(try store.resolve("2") == 2)
        #expect(try store.resolve(String(recorders[1].record.contentID.prefix(8))) == 2)
        #expect(throws: StoreError.self) { try store.resolve("9") }
        #expect(throws: StoreError.self) { try store.resolve("last~3") }
        #expect(throws: StoreError.self) { try store.resolve("zz") }
        // An id may start with digits only: a number no run has is then tried as an id.
        try store.database.run("UPDATE runs SET content_id = '12345678' || substr(content_id, 9) WHERE number = 3")
        #expect(try store.resolve("12345678") == 3)
        #expect(try store.resolve("3") == 3)
        #expect(throws: StoreError.self) { try store.resolve("#12345678") }
        #expect(throws: StoreError.self) { try store.resolve("87654321") }
    }

    @Test func anOlderStoreIsMigratedInPlaceAndANewerOneRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do {
            // A store as schema version 1 left it, with one run in it.
            let old = try SQLiteDatabase(path: directory + "/runs.sqlite")
            try old.execute(RunStore.migrations[0])
            try old.execute("PRAGMA user_version = 1")
            try old.run(
                """
                INSERT INTO runs (content_id, kind, working_directory, started_at, status, random_algorithm, overrides, digits, environment)
                VALUES ('ab12', 'script', '/tmp', 0, 'ok', 'x', '[]', 6, ?)
                """, [.text(RunStore.json(RunEnvironment.current(mlxVersion: "old")))])
            try old.run("INSERT INTO cells (run, position, number, source, output, duration, succeeded) VALUES (1, 0, 1, 'x = 1', '', 0, 1)")
        }
        let store = try RunStore(directory: directory)
        #expect(try store.database.rows("PRAGMA user_version").first?.integer(0) == RunStore.schemaVersion)
        let run = try store.run(1)
        #expect(run.cells.map(\.source) == ["x = 1"] && run.cells[0].interrupted == false)
        #expect(try ModelRegistry(store: store).entries().isEmpty)
        // Version 5's index holds what a listing shows: the listing reads it alone.
        #expect(try store.summaries(RunQuery()).map(\.contentID) == ["ab12"])
        let plan = try store.database.rows("EXPLAIN QUERY PLAN SELECT \(RunStore.listedColumns) FROM runs ORDER BY number")
        #expect(plan.contains { $0.text(3)?.contains("COVERING INDEX runs_listed") == true })

        try store.database.execute("PRAGMA user_version = 99")
        #expect {
            try RunStore(directory: directory)
        } throws: { error in
            (error as? StoreError)?.message.contains("has schema version 99; this mlx reads up to \(RunStore.schemaVersion): upgrade mlx") == true
        }
    }

    @Test func version3TellsCellsCutShortFromCellsCtrlCStopped() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do {
            // A version 2 store told them apart by whether the cell had succeeded.
            let old = try SQLiteDatabase(path: directory + "/runs.sqlite")
            for step in 0..<2 { try old.execute(RunStore.migrations[step]) }
            try old.execute("PRAGMA user_version = 2")
            try old.run(
                """
                INSERT INTO runs (content_id, kind, working_directory, started_at, status, random_algorithm, overrides, digits, environment)
                VALUES ('ab12', 'repl', '/tmp', 0, 'interrupted', 'x', '[]', 6, ?)
                """, [.text(RunStore.json(RunEnvironment.current(mlxVersion: "old")))])
            try old.execute(
                """
                INSERT INTO cells (run, position, number, source, output, duration, succeeded, interrupted) VALUES
                    (1, 0, 1, 'x = 1', '', 0, 1, 0), (1, 1, 2, 'slow()', '', 0, 0, 1), (1, 2, 3, 'y = 2', '', 0, 1, 1)
                """)
        }
        let run = try RunStore(directory: directory).run(1)
        #expect(run.cells.map(\.interrupted) == [false, true, true])
        #expect(run.cells.map(\.recordCutShort) == [false, false, true])
    }

    @Test func aLostDatabaseBesideDeployedModelsIsNotSilentlyStartedOver() throws {
        let store = try Self.temporaryStore()
        let directory = store.directory
        _ = try store.objects.put(Data("a snapshot".utf8))
        #expect(!RunStore.hasDeployedModels(in: directory), "objects alone: a new store's first run keeps snapshots early")
        try FileManager.default.createDirectory(atPath: directory + "/registry/iris/1", withIntermediateDirectories: true)
        #expect(RunStore.hasDeployedModels(in: directory))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: directory + "/runs.sqlite" + suffix) }
        #expect(FileManager.default.createFile(atPath: directory + "/runs.sqlite", contents: Data()))
        #expect {
            try RunStore(directory: directory)
        } throws: { error in
            (error as? StoreError)?.message
                == "the run store at \(directory) has deployed models but its database runs.sqlite is empty: it was deleted or truncated; restore it, or move \(directory) away to start a new store"
        }
        // Without the models, a new store starts cleanly.
        try FileManager.default.removeItem(atPath: directory + "/registry")
        #expect(try RunStore(directory: directory).count() == 0)
    }

    @Test func aStoreUnderAFileSaysWhichPathIsNotAFolder() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-file-\(UUID().uuidString)").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        #expect {
            try RunStore(directory: file + "/store")
        } throws: { error in
            (error as? StoreError)?.message == "cannot create the run store at \(file)/store: \(file) is not a folder"
        }
    }

    /// A store whose database is not one: recording stops with a message naming
    /// the file; cells journaled before the writer found out are kept, the
    /// message says where, and the store adds them once it can be opened.
    @Test func aCorruptDatabaseIsNamedAndItsJournalRecoveredLater() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-corrupt-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try RunStore.createFolders(in: directory)
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: directory + "/runs.sqlite"))
        let notADatabase = "cannot read the run store at \(directory)/runs.sqlite: the database is damaged (file is not a database)"
        #expect {
            try RunStore(directory: directory)
        } throws: { error in
            (error as? StoreError)?.message == notADatabase
        }
        let recorder = RunRecorder(storeDirectory: directory, start: Self.start())
        let failures = Mutex<[String]>([])
        recorder.onStoreFailure = { error in failures.withLock { $0.append(error.message) } }
        for number in 1...3 {
            recorder.beginCell()
            recorder.endCell(number: number, source: "x = \(number)", succeeded: true, valueDigest: nil)
        }
        recorder.finish(status: .ok, exitCode: 0)
        let messages = failures.withLock { $0 }
        try #require(messages.count == 1 && messages[0].hasPrefix(notADatabase))
        let kept = try FileManager.default.contentsOfDirectory(atPath: directory + "/live")
        // Depending on when the writer found out, 0 to 3 cells were journaled; an empty journal is removed.
        if let journal = kept.first {
            #expect(kept.count == 1 && messages[0].contains("kept in \(directory)/live/\(journal), which the store adds as an interrupted run"))
            try FileManager.default.removeItem(atPath: directory + "/runs.sqlite")
            let store = try RunStore(directory: directory)
            try store.bringInJournaledRuns()
            #expect(try store.count() == 1)
            let number = try #require(try store.latestNumber())
            let run = try store.run(number)
            #expect(run.status == .interrupted && !run.cells.isEmpty)
        } else {
            #expect(messages[0] == notADatabase)
        }
    }

    /// Damage past the pages read on opening is found by the first query that
    /// reads it, maybe long after: it is reported as plainly, naming the file.
    @Test func aDatabaseDamagedPastItsHeaderIsNamedWhenAQueryFindsIt() throws {
        let store = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: store.directory) }
        Self.recordOneCell(RunRecorder(store: store, start: Self.start()))
        try store.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let pageSize = try #require(try store.database.rows("PRAGMA page_size").first?.integer(0))
        let runsPage = try #require(try store.database.rows("SELECT rootpage FROM sqlite_master WHERE name = 'runs'").first?.integer(0))
        let file = store.directory + "/runs.sqlite"
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.seek(toOffset: UInt64((runsPage - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0xFF, count: pageSize))
        try handle.close()

        let reopened = try RunStore(directory: store.directory)
        let damaged = "cannot read the run store at \(file): the database is damaged (database disk image is malformed)"
        #expect {
            try reopened.run(1)
        } throws: { error in
            (error as? StoreError)?.message == damaged
        }
    }

    @Test func aLiveRunsCellsReachTheDatabaseWithoutFurtherCalls() throws {
        let store = try Self.temporaryStore()
        let recorder = RunRecorder(store: store, start: Self.start())
        recorder.beginCell()
        recorder.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: nil)
        recorder.beginCell()  // the script goes on; the writer has the first cell
        let deadline = Date(timeIntervalSinceNow: 5)
        var cells = 0
        while cells == 0, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            cells = (try? store.database.rows("SELECT count(*) FROM cells").first?.integer(0)) ?? 0
        }
        #expect(cells == 1, "written within the writer's delay")
        recorder.endCell(number: 2, source: "x", succeeded: true, valueDigest: nil)
        recorder.finish(status: .ok, exitCode: 0)
        #expect(try store.run(1).cells.count == 2)
    }

    @Test func aRunWhoseLockIsGoneIsInterrupted() throws {
        let store = try Self.temporaryStore()
        let recorder = RunRecorder(store: store, start: Self.start())
        recorder.beginCell()
        recorder.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: nil)
        #expect(recorder.number == 1)  // the background writer has caught up
        try store.bringInJournaledRuns()
        #expect(try store.run(1).status == .running, "the lock is still held")
        // What a killed process leaves: the row says running, nobody holds the lock.
        try store.database.run("UPDATE runs SET live_token = 'gone' WHERE number = 1")
        try store.bringInJournaledRuns()
        let run = try store.run(1)
        #expect(run.status == .interrupted)
        #expect(run.cells.count == 1)
    }

    // MARK: Deferred runs

    static func deferredStart(script: String = "a.mlx") -> RunRecorder.Start {
        var start = RunRecorder.Start(kind: .script, script: script, source: "x = 1\nx\n", workingDirectory: "/tmp", mlxVersion: "test")
        start.databaseDeferred = true
        return start
    }

    /// Records one cell with a seed and a metric, then finishes.
    static func recordOneCell(_ recorder: RunRecorder) {
        recorder.beginCell()
        recorder.emit(.seedSet(7))
        recorder.emit(.metric(name: "accuracy", value: 0.1 + 0.2))
        recorder.capture("1\n")
        recorder.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: Value.number(1).digest)
        recorder.finish(status: .failed, exitCode: 1, verdict: "a verdict")
    }

    @Test func aDeferredRunIsWrittenByTheNextReaderExactlyAsRecorded() throws {
        let store = try Self.temporaryStore()
        let recorder = RunRecorder(store: store, start: Self.deferredStart())
        Self.recordOneCell(recorder)
        #expect(recorder.number == nil, "nobody asked while it ran")
        #expect(try store.count() == 0)
        #expect(RunJournal.tokens(in: store.directory).count == 1)

        try store.bringInJournaledRuns()
        var written = recorder.record
        written.number = 1
        #expect(try store.run(1) == written)
        #expect(written.status == .failed && written.exitCode == 1 && written.verdict == "a verdict" && written.seed == 7)
        #expect(RunJournal.tokens(in: store.directory).isEmpty)
        try store.bringInJournaledRuns()
        #expect(try store.count() == 1, "brought in once")
    }

    @Test func aDeferredRunWhoseNumberIsAskedForIsWrittenAsItGoes() throws {
        let store = try Self.temporaryStore()
        let recorder = RunRecorder(store: store, start: Self.deferredStart())
        recorder.beginCell()
        recorder.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: nil)
        #expect(recorder.number == 1)
        #expect(try store.run(1).status == .running && store.run(1).cells.count == 1)
        recorder.beginCell()
        recorder.endCell(number: 2, source: "x", succeeded: true, valueDigest: nil)
        recorder.finish(status: .ok, exitCode: 0)
        #expect(try store.run(1).status == .ok && store.run(1).cells.count == 2)
        #expect(RunJournal.tokens(in: store.directory).isEmpty, "its row is whole: the journal is gone")
    }

    /// An older mlx would take a run that ended in its journal for one killed
    /// at its start, and delete the journal: a deferred run brings a store
    /// whose file says an older version up to date before leaving its end there.
    @Test func aDeferredRunBringsAnOlderStoreUpToTheVersionThatReadsItsJournal() throws {
        let store = try Self.temporaryStore()
        #expect(RunStore.fileSchemaVersion(in: store.directory) == RunStore.schemaVersion)
        // Version 3's tables: without what versions 6 and 8 added.
        try store.database.execute("ALTER TABLE cells DROP COLUMN output_object; ALTER TABLE cells DROP COLUMN assert_failed; PRAGMA user_version = 3")
        try store.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        #expect(RunStore.fileSchemaVersion(in: store.directory) == 3)
        let recorder = RunRecorder(storeDirectory: store.directory, start: Self.deferredStart())
        Self.recordOneCell(recorder)
        #expect(RunStore.fileSchemaVersion(in: store.directory) == RunStore.schemaVersion)
        #expect(try store.count() == 0, "its row is still left to the next reader")
        try store.bringInJournaledRuns()
        #expect(try store.run(1).status == .failed)
        #expect(RunStore.fileSchemaVersion(in: FileManager.default.temporaryDirectory.path + "/no-such-store-\(UUID().uuidString)") == nil)
    }

    /// An mlx of version 6 would stop reading a journal at its first timed cell,
    /// one of version 7 at a cell that says whether an assert failed, and one of
    /// version 8 at the run's git state: a deferred run brings such a store to
    /// the version they all refuse, first.
    @Test func aDeferredRunBringsAnOlderStoreUpBeforeJournalingItsCells() throws {
        for version in [6, 7, 8] {
            let store = try Self.temporaryStore()
            let dropped = version < 8 ? "ALTER TABLE cells DROP COLUMN assert_failed; " : ""
            try store.database.execute("\(dropped)PRAGMA user_version = \(version)")
            try store.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            #expect(RunStore.fileSchemaVersion(in: store.directory) == version)
            let recorder = RunRecorder(storeDirectory: store.directory, start: Self.deferredStart())
            Self.recordOneCell(recorder)
            #expect(RunStore.fileSchemaVersion(in: store.directory) == RunStore.schemaVersion)
        }
    }

    /// A deferred run's small cells are completed on the script's thread, a
    /// large value's digest on a thread started for it; both as recorded.
    @Test func aDeferredRunsLargeAndSmallCellsAreCompletedInOrder() throws {
        let store = try Self.temporaryStore()
        let recorder = RunRecorder(store: store, start: Self.deferredStart())
        let statement = Parser.parse(SourceFile(name: "t.mlx", text: "v\n")).program.statements[0]
        var expected = [String?]()
        for (i, count) in [3, 200_000, 5, 150_000, 2].enumerated() {
            var digest = CellDigest()
            digest.add(statement, value: .vector(Vector(repeating: Double(i) + 0.5, count: count)), variables: { _ in nil })
            #expect(digest.isLarge == (count > CellDigest.largeElementCount))
            expected.append(digest.finish())
            recorder.beginCell()
            recorder.endCell(number: i + 1, source: "v", succeeded: true, value: digest)
        }
        recorder.finish(status: .ok, exitCode: 0)
        try store.bringInJournaledRuns()
        let run = try store.run(1)
        #expect(run.cells.map(\.valueDigest) == expected)
        #expect(run.contentID == recorder.record.contentID)
    }

    /// Processes opening a store that does not exist yet (a run and its
    /// deploy, parallel CI jobs) all get it: none is refused as locked.
    @Test func connectionsCreatingOneNewStoreAtOnceAllOpenIt() {
        for _ in 0..<20 {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-store-\(UUID().uuidString)").path
            let failures = Mutex([String]())
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                do throws(StoreError) { _ = try RunStore(directory: directory) } catch { failures.withLock { $0.append(error.message) } }
            }
            #expect(failures.withLock { $0 } == [])
        }
    }

    @Test func runsThatEndedInTheirJournalsAreNumberedInTheOrderTheyStarted() throws {
        let store = try Self.temporaryStore()
        let first = RunRecorder(store: store, start: Self.deferredStart(script: "first.mlx"))
        let second = RunRecorder(store: store, start: Self.deferredStart(script: "second.mlx"))
        Self.recordOneCell(second)
        Self.recordOneCell(first)
        // A run written as it goes brings the ended ones in before it takes a number.
        let third = RunRecorder(store: store, start: Self.start())
        third.beginCell()
        third.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: nil)
        #expect(third.number == 3)
        third.finish(status: .ok, exitCode: 0)
        #expect(try (1...3).map { try store.run($0).script } == ["first.mlx", "second.mlx", "a.mlx"])
    }

    /// A process that records run after run (a benchmark filling a store, a
    /// long session of deploys) must not keep each run's connection open: it
    /// ran out of file descriptors after some ten thousand runs.
    @Test func recordedRunsLeaveNoFileOfTheStoreOpen() throws {
        let directory = try Self.temporaryStore().directory
        for _ in 0..<20 {
            let store = try RunStore(directory: directory)
            _ = try Self.runPrinting("x\n", in: store)
            _ = try store.summaries(RunQuery())
        }
        #expect(Self.openFiles(under: directory) == [])
    }

    /// The files under `directory` this process has open, from /proc/self/fd.
    static func openFiles(under directory: String) -> [String] {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
            .filter { $0.hasPrefix(directory + "/") }
    }
}

extension RunRecord {
    /// NaN metrics replaced by a sentinel, since NaN never equals itself.
    var withNaNMetricsAsRead: RunRecord {
        var copy = self
        copy.metrics = metrics.map { var m = $0; if m.value.isNaN { m.value = -1 }; return m }
        return copy
    }
}
