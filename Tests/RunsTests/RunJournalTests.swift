import Foundation
import Synchronization
import Tables
import Testing

@testable import Runs

/// A run is durable in its journal before the database has it: whatever a
/// process leaves behind when it dies, readers bring the database up to
/// date from the journal, exactly once.
@Suite struct RunJournalTests {
    static func start(in store: RunStore) -> RunRecord {
        var run = RunRecorder(store: nil, start: RunStoreTests.start()).record
        run.environment = .current(mlxVersion: "test")
        return run
    }

    static let schema = [SchemaField(name: "sepal length", type: .number), SchemaField(name: "species", type: .categorical, levels: ["setosa", "ü"])]

    static func cell(_ position: Int, _ contentID: String = "id") -> RunStore.CellWrite {
        var write = RunStore.CellWrite(
            position: position,
            cell: RunRecord.Cell(
                number: position + 1, source: "x = \(position)\n# ünïcode", output: "\(position)\n", valueDigest: position == 0 ? nil : "ab",
                duration: 0.25, succeeded: true),
            seed: position == 0 ? UInt64.max : nil, contentID: contentID)
        write.parameters = [(position: position, parameter: RunRecord.Parameter(name: "c\(position)", value: "2", overridden: true))]
        write.metrics = [(position: 2 * position, metric: RunRecord.Metric(cell: position + 1, name: "accuracy", value: 0.1 + 0.2))]
        let fingerprint = Fingerprint(sha256: String(repeating: "c", count: 64), byteCount: 3810, rowCount: 150, schema: Self.schema)
        write.inputs = [(position: position, input: RunRecord.Input(cell: position + 1, path: "a.csv", resolvedPath: "/a.csv", fingerprint: fingerprint, snapshot: nil))]
        write.models = [(position: position, model: RunRecord.Model(cell: position + 1, estimator: "logistic", object: String(repeating: "d", count: 64)))]
        return write
    }

    /// A journal its process let go of without removing: what a killed process leaves.
    static func abandonedJournal(in store: RunStore, _ entries: [RunJournal.Entry]) throws -> RunJournal {
        let journal = try RunJournal(directory: store.directory)
        for entry in entries { try journal.append(entry) }
        journal.abandon()
        return journal
    }

    /// Journal names are version-4 UUIDs made from the system's generator.
    @Test func tokensAreDistinctVersionFourUUIDs() {
        let tokens = (0..<1000).map { _ in RandomToken.make() }
        #expect(Set(tokens).count == tokens.count)
        for token in tokens {
            let parsed = UUID(uuidString: token)
            #expect(parsed?.uuidString.lowercased() == token)
            let bytes = Array(token.utf8)
            #expect(bytes[14] == UInt8(ascii: "4") && "89ab".utf8.contains(bytes[19]))
        }
    }

    /// A preparation for an existing store makes the run's journal ahead;
    /// the run it is claimed for writes into that one and makes no other.
    @Test func aRunTakesTheJournalItsPreparationMadeAhead() throws {
        let store = try RunStoreTests.temporaryStore()
        let start = RunStoreTests.start()
        let directory = store.directory
        let preparation = RunRecorder.Preparation(storeDirectory: directory, workingDirectory: start.workingDirectory, mlxVersion: start.mlxVersion, creatingStore: false)
        preparation.writer.sync()
        let made = RunJournal.tokens(in: store.directory)
        #expect(made.count == 1 && RunJournal.isHeld(made[0], in: store.directory))
        let recorder = RunRecorder(storeDirectory: store.directory, start: start, prepared: preparation)
        recorder.beginCell()
        recorder.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: nil)
        #expect(RunJournal.tokens(in: store.directory) == made)
        if case .begin(let run)? = RunJournal.entries(made[0], in: store.directory).first { #expect(run.source == start.source) } else {
            Issue.record("the prepared journal does not begin with the run")
        }
        recorder.finish(status: .ok, exitCode: 0)
        #expect(try store.count() == 1)
    }

    /// The kinds of journal `token`'s entries, in order.
    static func kinds(_ token: String, in directory: String) -> [Substring] {
        RunJournal.entries(token, in: directory).map { "\($0)".prefix(while: { $0 != "(" }) }
    }

    /// A run's environment and git state follow its start in the journal and
    /// come before its first cell, so that a run killed with cells has them:
    /// in the start's own write when the writer knew them by then, else as soon
    /// as it does, the first cell waiting for them.
    @Test(arguments: [false, true]) func theEnvironmentAndGitStateComeBeforeTheFirstCell(writerHeldBack: Bool) throws {
        let store = try RunStoreTests.temporaryStore()
        var start = RunStoreTests.start()
        // The tests run in a clone of the repository; its git state is journalled too.
        start.workingDirectory = FileManager.default.currentDirectoryPath
        let inRepository = GitState.Probe(directory: start.workingDirectory, inBackground: false).value() != nil
        let startEntries: [Substring] = inRepository ? ["begin", "environment", "git"] : ["begin", "environment"]
        let release = DispatchSemaphore(value: 0)
        let preparation = RunRecorder.Preparation(
            storeDirectory: store.directory, workingDirectory: start.workingDirectory, mlxVersion: start.mlxVersion, creatingStore: false
        ) { if writerHeldBack { release.wait() } }
        // Prepared, then busy: the first cell must not wait for the writer's thread.
        let writerBusy = DispatchSemaphore(value: 0)
        let busyWriterLetGo = Mutex(false)
        if !writerHeldBack {
            preparation.writer.sync()
            preparation.writer.async { writerBusy.wait() }
        }
        let recorder = RunRecorder(storeDirectory: store.directory, start: start, prepared: preparation)
        recorder.beginCell()
        let token = try #require(RunJournal.tokens(in: store.directory).first)
        #expect(Self.kinds(token, in: store.directory) == (writerHeldBack ? ["begin"] : startEntries))
        let letGo = writerHeldBack ? release : writerBusy
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(writerHeldBack ? 50 : 2000)) {
            busyWriterLetGo.withLock { $0 = true }
            letGo.signal()
        }
        recorder.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: nil)
        if !writerHeldBack {
            #expect(!busyWriterLetGo.withLock { $0 }, "the first cell waited for the writer's thread")
            writerBusy.signal()
        }
        #expect(Array(Self.kinds(token, in: store.directory).prefix(startEntries.count + 1)) == startEntries + ["cell"])
        recorder.finish(status: .ok, exitCode: 0)
        let run = try store.run(1)
        #expect(run.environment.mlxVersion == "test")
        #expect((run.git != nil) == inRepository)
    }

    /// Environment and git entries that cannot be written say why, to the first
    /// cell waiting for them (it must not wait forever) or to the run's start.
    @Test func startEntriesThatCannotBeWrittenSayWhy() throws {
        let store = try RunStoreTests.temporaryStore()
        let run = Self.start(in: store)
        let environment = RunEnvironment.current(mlxVersion: "test")

        let writerSecond = RunRecorder.StartEntries()
        let journal = try RunJournal(directory: store.directory)
        try writerSecond.begin(run, in: journal)
        #expect(!writerSecond.areJournaled)
        journal.abandon()
        writerSecond.offer(environment: environment, git: GitState(commit: String(repeating: "a", count: 40), dirty: false))
        #expect(writerSecond.areJournaled)
        #expect(writerSecond.awaitJournaled()?.message.contains("closed") == true)
        #expect(writerSecond.failure != nil)

        let writerFirst = RunRecorder.StartEntries()
        writerFirst.offer(environment: environment, git: nil)
        let closed = try RunJournal(directory: store.directory)
        closed.abandon()
        #expect(throws: StoreError.self) { try writerFirst.begin(run, in: closed) }
    }

    /// A run that starts before the writer has made its journal makes its own,
    /// and the writer then makes none.
    @Test func aJournalAskedForBeforeItIsReadyIsNeverMade() throws {
        let store = try RunStoreTests.temporaryStore()
        let directory = store.directory
        let release = DispatchSemaphore(value: 0)
        let preparation = RunRecorder.Preparation(storeDirectory: directory, workingDirectory: "/tmp", mlxVersion: "test", creatingStore: false) {
            release.wait()
        }
        #expect(preparation.takeJournal() == nil)
        release.signal()
        preparation.writer.sync()
        #expect(RunJournal.tokens(in: directory).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/live").isEmpty, "no temporary either")
    }

    /// A preparation that turns out to be for another store removes its journal,
    /// and so does one that no run claimed, when the process ends.
    @Test func aJournalMadeAheadForNoRunIsRemoved() throws {
        let store = try RunStoreTests.temporaryStore()
        let other = try RunStoreTests.temporaryStore()
        let start = RunStoreTests.start()
        let directory = store.directory
        let preparation = RunRecorder.Preparation(storeDirectory: directory, workingDirectory: start.workingDirectory, mlxVersion: start.mlxVersion, creatingStore: false)
        preparation.writer.sync()
        #expect(RunJournal.tokens(in: store.directory).count == 1)
        let recorder = RunRecorder(storeDirectory: other.directory, start: start, prepared: preparation)
        #expect(RunJournal.tokens(in: store.directory).isEmpty)
        recorder.finish(status: .ok, exitCode: 0)

        let unclaimed = RunRecorder.Preparation(storeDirectory: directory, workingDirectory: start.workingDirectory, mlxVersion: start.mlxVersion, creatingStore: false)
        unclaimed.writer.sync()
        #expect(RunJournal.tokens(in: store.directory).count == 1)
        unclaimed.dropUnclaimedJournal()
        #expect(RunJournal.tokens(in: store.directory).isEmpty)
    }

    /// An entry held back reaches the file with the next append, before it, or
    /// when asked, or when the journal is let go of; never otherwise.
    @Test func aHeldBackEntryIsWrittenWithTheNextAppendOrWhenLetGo() throws {
        let store = try RunStoreTests.temporaryStore()
        let run = Self.start(in: store)
        let journal = try RunJournal(directory: store.directory)
        let kinds = { Self.kinds(journal.token, in: store.directory) }
        try journal.append(.begin(run))
        try journal.append(.cell(Self.cell(0)), holdingBack: true)
        #expect(kinds() == ["begin"], "held back: not in the file yet")
        try journal.append(.completed(position: 0, valueDigest: "ab", contentID: "c0", modelObjects: []))
        #expect(kinds() == ["begin", "cell", "completed"], "written before the next entry")
        try journal.append(.cell(Self.cell(1)), holdingBack: true)
        try journal.writeHeldBack()
        try journal.writeHeldBack()
        #expect(kinds() == ["begin", "cell", "completed", "cell"], "written when asked, once")
        try journal.append(.cell(Self.cell(2)), holdingBack: true)
        journal.abandon()
        #expect(kinds() == ["begin", "cell", "completed", "cell", "cell"], "written when let go")
    }

    /// A journal let go of is free at once, even while another thread spawns
    /// processes that each hold a copy of its descriptor until they exec.
    @Test func aJournalLetGoOfIsFreeWhileProcessesAreSpawned() throws {
        let store = try RunStoreTests.temporaryStore()
        let done = Mutex(false)
        let spawner = Thread {
            while !done.withLock({ $0 }) {
                var pid = pid_t()
                var argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
                defer { free(argv[0]) }
                if posix_spawn(&pid, "/bin/true", nil, nil, &argv, environ) == 0 { waitpid(pid, nil, 0) }
            }
        }
        spawner.start()
        defer { done.withLock { $0 = true } }
        var stillHeld = 0
        for _ in 0..<3000 {
            let journal = try RunJournal(directory: store.directory)
            journal.abandon()
            if RunJournal.isHeld(journal.token, in: store.directory) { stillHeld += 1 }
            RunJournal.remove(journal.token, in: store.directory)
        }
        #expect(stillHeld == 0)
    }

    /// A journal's temporary file is removed only once it is old: a new one may
    /// belong to a process between creating and locking it.
    @Test func onlyOldUnlockedJournalTemporariesAreRemoved() throws {
        let store = try RunStoreTests.temporaryStore()
        let (old, new) = (store.directory + "/live/.tmp-old", store.directory + "/live/.tmp-new")
        for path in [old, new] { try Data().write(to: URL(fileURLWithPath: path)) }
        GarbageCollectionTests.age(old, by: 60)
        try store.bringInJournaledRuns()
        #expect(!FileManager.default.fileExists(atPath: old) && FileManager.default.fileExists(atPath: new))
    }

    @Test func aRunThatDiedBeforeItsRowWasWrittenIsRecoveredFromItsJournal() throws {
        let store = try RunStoreTests.temporaryStore()
        let run = Self.start(in: store)
        let model = String(repeating: "d", count: 64)
        let journal = try Self.abandonedJournal(
            in: store,
            [
                .begin(run), .environment(run.environment), .cell(Self.cell(0)),
                .completed(position: 0, valueDigest: nil, contentID: "first", modelObjects: [model]), .cell(Self.cell(1)),
                .completed(position: 1, valueDigest: "ab", contentID: "last", modelObjects: [model]),
            ])

        try store.bringInJournaledRuns()
        let recovered = try store.run(1)
        #expect(recovered.status == .interrupted)
        #expect(recovered.contentID == "last")
        #expect(recovered.source == run.source && recovered.overrides == run.overrides && recovered.startedAt == run.startedAt)
        #expect(recovered.environment == run.environment)
        #expect(recovered.cells == [Self.cell(0).cell, Self.cell(1).cell])
        #expect(recovered.seed == UInt64.max)
        #expect(recovered.parameters.map(\.name) == ["c0", "c1"])
        #expect(recovered.metrics.map(\.value) == [0.30000000000000004, 0.30000000000000004])
        #expect(recovered.inputs.map(\.fingerprint.rowCount) == [150, 150])
        #expect(recovered.inputs.map(\.fingerprint.schema) == [Self.schema, Self.schema])
        #expect(recovered.models.map(\.estimator) == ["logistic", "logistic"])
        #expect(recovered.models.map(\.object) == [model, model])
        #expect(recovered.endedAt == recovered.startedAt.addingTimeInterval(0.5))
        #expect(!FileManager.default.fileExists(atPath: RunJournal.path(journal.token, in: store.directory)))
        try store.bringInJournaledRuns()
        #expect(try store.count() == 1, "recovered once")
    }

    /// A REPL session's cells are seconds apart: a killed one ends when its
    /// last journaled cell did, not its start plus the cells' durations.
    @Test func aKilledRunEndsWhenItsLastJournaledCellEnded() throws {
        let store = try RunStoreTests.temporaryStore()
        let run = Self.start(in: store)
        let journal = try RunJournal(directory: store.directory)
        let number = try store.begin(run, token: journal.token)
        var first = Self.cell(0), second = Self.cell(1, "last")
        first.endedAt = run.startedAt.addingTimeInterval(40)
        second.endedAt = run.startedAt.addingTimeInterval(95)
        try store.record([first], in: number)  // written as it went; the second only journaled
        for entry: RunJournal.Entry in [.begin(run), .environment(run.environment), .cell(first), .cell(second)] { try journal.append(entry) }
        journal.abandon()

        try store.bringInJournaledRuns()
        let recovered = try store.run(number)
        #expect(recovered.status == .interrupted && recovered.cells.count == 2)
        #expect(recovered.endedAt == second.endedAt)
    }

    /// The recorder journals each cell with the time it ended.
    @Test func aCellIsJournaledWithItsEndTime() throws {
        let store = try RunStoreTests.temporaryStore()
        let recorder = RunRecorder(store: store, start: RunStoreTests.start())
        let before = Date()
        recorder.beginCell()
        recorder.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: nil)
        let after = Date()
        let token = try #require(RunJournal.tokens(in: store.directory).first)
        let ends = RunJournal.entries(token, in: store.directory).compactMap { entry -> Date? in
            if case .cell(let write) = entry { return write.endedAt }
            return nil
        }
        #expect(ends.count == 1 && ends.allSatisfy { (before...after).contains($0) })
        recorder.finish(status: .ok, exitCode: 0)
    }

    /// A cell journaled before cells carried their end time reads as before, without one,
    /// and one journaled before they said whether an assert failed, without that.
    @Test func aCellReadsBackWithItsEndTimeAndAsEarlierJournalsWroteIt() throws {
        var timed = Self.cell(1)
        timed.endedAt = Date(timeIntervalSince1970: 1_800_000_000.25)
        var gate = timed
        gate.cell.assertFailed = true
        for (write, kind, version) in [(timed, UInt8(7), 8), (gate, UInt8(7), 8), (timed, UInt8(7), 7), (Self.cell(1), UInt8(3), 6)] {
            var bytes = RunJournal.header
            RunJournal.Entry.cell(write).encode(into: &bytes)
            if version < 8, write.endedAt != nil { Self.dropLastField(ofEntryIn: &bytes) }
            #expect(bytes[RunJournal.header.count] == kind)
            guard case .cell(let read)? = RunJournal.entries(in: bytes).first else {
                Issue.record("no cell read back")
                continue
            }
            #expect(read.cell == write.cell && read.endedAt == write.endedAt && read.contentID == write.contentID)
        }
    }

    /// The entry after the header without its last one-byte field, as a journal before that field wrote it.
    static func dropLastField(ofEntryIn bytes: inout [UInt8]) {
        bytes.removeLast()
        let countAt = RunJournal.header.count + 1
        let count = bytes[countAt..<countAt + 4].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) } - 1
        for i in 0..<4 { bytes[countAt + i] = UInt8(truncatingIfNeeded: count >> (8 * i)) }
    }

    @Test func whatIsHashedAfterACellIsRecoveredWithIt() throws {
        let store = try RunStoreTests.temporaryStore()
        let run = Self.start(in: store)
        var first = Self.cell(0), second = Self.cell(1), third = Self.cell(2)
        first.cell.valueDigest = nil
        second.cell.valueDigest = nil
        third.cell.valueDigest = nil
        third.cell.succeeded = false
        (first.contentID, second.contentID, third.contentID) = ("", "", "")
        _ = try Self.abandonedJournal(
            in: store,
            [
                .begin(run), .cell(first), .cell(second), .completed(position: 0, valueDigest: nil, contentID: "after-1", modelObjects: ["m1"]),
                .completed(position: 1, valueDigest: "cd", contentID: "after-2", modelObjects: ["m2"]), .cell(third),
            ])
        try store.bringInJournaledRuns()
        let recovered = try store.run(1)
        #expect(recovered.cells.map(\.valueDigest) == [nil, "cd", nil], "the third died before its digest")
        #expect(recovered.cells.map(\.interrupted) == [false, false, true], "a replay stops before the third")
        #expect(recovered.cells.map(\.recordCutShort) == [false, false, true], "not Ctrl-C, though it failed")
        #expect(recovered.cells.map(\.succeeded) == [true, true, false])
        #expect(recovered.contentID == "after-2")
        #expect(recovered.models.map(\.object) == ["m1", "m2"], "the third's model may never have been stored")
    }

    @Test func aRunThatDiedBeforeItsEnvironmentWasCapturedSaysSo() throws {
        let store = try RunStoreTests.temporaryStore()
        _ = try Self.abandonedJournal(in: store, [.begin(Self.start(in: store)), .cell(Self.cell(0))])
        try store.bringInJournaledRuns()
        #expect(try store.run(1).environment == .unrecorded)
        #expect(try store.run(1).cells.count == 1)
        #expect(try store.run(1).git == nil)
    }

    /// A killed run keeps the commit and dirty flag its journal holds, whether
    /// its row was written or not: it is not left to the run's end.
    @Test func aKilledRunKeepsTheGitStateItsJournalHolds() throws {
        let state = GitState(commit: String(repeating: "e", count: 40), dirty: true)
        let store = try RunStoreTests.temporaryStore()
        let run = Self.start(in: store)
        _ = try Self.abandonedJournal(in: store, [.begin(run), .environment(run.environment), .git(state), .cell(Self.cell(0))])
        let journal = try RunJournal(directory: store.directory)
        let number = try store.begin(run, token: journal.token)
        for entry: RunJournal.Entry in [.begin(run), .environment(run.environment), .git(state)] { try journal.append(entry) }
        journal.abandon()

        try store.bringInJournaledRuns()
        #expect(try store.run(1).git == state && store.run(1).status == .interrupted)
        #expect(try store.run(number).git == state && store.run(number).status == .interrupted)
        #expect(Self.readBack(.git(state)).map { if case .git(let read) = $0 { read == state } else { false } } == true)
    }

    /// The recorder journals the working tree's git state as the first cell
    /// starts, before any cell ends, and writes it into the run's row.
    @Test(arguments: [false, true]) func theGitStateIsJournaledWithTheRunsStart(databaseDeferred: Bool) throws {
        let repository = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        _ = try GitStateTests.git(["init", "-q", "-b", "main"], in: repository)
        try "a\n".write(toFile: repository + "/a.txt", atomically: true, encoding: .utf8)
        _ = try GitStateTests.git(["add", "a.txt"], in: repository)
        _ = try GitStateTests.git(["commit", "-q", "-m", "one"], in: repository)
        let head = try GitStateTests.git(["rev-parse", "HEAD"], in: repository)
        let store = try RunStoreTests.temporaryStore()
        var start = RunStoreTests.start()
        start.workingDirectory = repository
        start.databaseDeferred = databaseDeferred
        let recorder = RunRecorder(store: store, start: start)
        recorder.beginCell()
        let number = try #require(recorder.number)  // waits for the writer; a deferred run's row is written from here on
        let token = try #require(RunJournal.tokens(in: store.directory).first)
        let states = RunJournal.entries(token, in: store.directory).compactMap { entry -> GitState? in
            if case .git(let state) = entry { return state }
            return nil
        }
        #expect(states == [GitState(commit: head, dirty: false)])
        #expect(try store.run(number).git == GitState(commit: head, dirty: false), "in the row from its start")
        recorder.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: nil)
        recorder.finish(status: .ok, exitCode: 0)
    }

    @Test func aRowBehindItsJournalCatchesUpWithoutRepeatingCells() throws {
        let store = try RunStoreTests.temporaryStore()
        let run = Self.start(in: store)
        let journal = try RunJournal(directory: store.directory)
        let number = try store.begin(run, token: journal.token)
        try store.record([Self.cell(0)], in: number)
        for entry: RunJournal.Entry in [.begin(run), .environment(run.environment), .cell(Self.cell(0)), .cell(Self.cell(1, "last"))] {
            try journal.append(entry)
        }
        try store.bringInJournaledRuns()
        #expect(try store.run(number).status == .running, "its process holds the journal")

        journal.abandon()
        try store.bringInJournaledRuns()
        let recovered = try store.run(number)
        #expect(recovered.status == .interrupted)
        #expect(recovered.cells.map(\.number) == [1, 2])
        #expect(recovered.contentID == "last")
    }

    @Test func theJournalOfAFinishedRunIsRemovedAndNothingElse() throws {
        let store = try RunStoreTests.temporaryStore()
        let run = Self.start(in: store)
        let journal = try RunJournal(directory: store.directory)
        let number = try store.begin(run, token: journal.token)
        try journal.append(.begin(run))
        try store.finish(number, as: RunStore.RunEnd(status: .ok, exitCode: 0, contentID: "done", git: nil, endedAt: Date()))
        journal.abandon()  // died after the run was finished, before removing its journal

        try store.bringInJournaledRuns()
        #expect(try store.count() == 1)
        #expect(try store.run(number).status == .ok)
        #expect(RunJournal.tokens(in: store.directory).isEmpty)
    }

    @Test func aRunWhoseJournalSaysHowItEndedIsFinishedAsItSays() throws {
        let store = try RunStoreTests.temporaryStore()
        let run = Self.start(in: store)
        let end = RunStore.RunEnd(
            status: .failed, exitCode: 1, contentID: "end", verdict: "differs", git: GitState(commit: String(repeating: "a", count: 40), dirty: true),
            endedAt: run.startedAt.addingTimeInterval(3))
        let completed = RunJournal.Entry.completed(position: 0, valueDigest: nil, contentID: "first", modelObjects: [String(repeating: "d", count: 64)])
        // One whose row was never written, one that died before its row was marked finished.
        _ = try Self.abandonedJournal(in: store, [.begin(run), .environment(run.environment), .cell(Self.cell(0)), completed, .finished(end)])
        let journal = try RunJournal(directory: store.directory)
        let number = try store.begin(run, token: journal.token)
        for entry: RunJournal.Entry in [.begin(run), .cell(Self.cell(0)), completed, .finished(end)] { try journal.append(entry) }
        journal.abandon()

        try store.bringInJournaledRuns()
        for recovered in [try store.run(1), try store.run(number)] {
            #expect(recovered.status == .failed && recovered.exitCode == 1 && recovered.verdict == "differs")
            #expect(recovered.contentID == "end" && recovered.git == end.git && recovered.endedAt == end.endedAt)
            #expect(recovered.cells == [Self.cell(0).cell])
        }
        #expect(number == 2)
    }

    /// A run that writes the database as it goes brings in the journals of
    /// dead processes first: a row still running gets its journal's cells and
    /// end, not the loss of them.
    @Test func aRunStartingBringsInADeadRunsJournalBehindItsRow() throws {
        let store = try RunStoreTests.temporaryStore()
        let run = Self.start(in: store)
        let journal = try RunJournal(directory: store.directory)
        let number = try store.begin(run, token: journal.token)
        let end = RunStore.RunEnd(status: .ok, exitCode: 0, contentID: "end", git: nil, endedAt: run.startedAt.addingTimeInterval(1))
        let completed = RunJournal.Entry.completed(position: 0, valueDigest: "ab", contentID: "c", modelObjects: [String(repeating: "d", count: 64)])
        for entry: RunJournal.Entry in [.begin(run), .cell(Self.cell(0)), completed, .finished(end)] { try journal.append(entry) }
        journal.abandon()  // killed after its end, before its row was marked

        let next = try RunJournal(directory: store.directory)
        #expect(try store.begin(run, token: next.token) == number + 1)
        let recovered = try store.run(number)
        #expect(recovered.status == .ok && recovered.cells.count == 1 && recovered.contentID == "end")
        next.remove()
    }

    @Test func aRunsStartIsReadFromItsFirstEntryAlone() throws {
        let store = try RunStoreTests.temporaryStore()
        let run = Self.start(in: store)
        let journal = try Self.abandonedJournal(in: store, [.begin(run), .cell(Self.cell(0))])
        #expect(RunJournal.start(journal.token, in: store.directory)?.startedAt == run.startedAt)
        // Cut inside the first entry, or a length past the file's end: no start.
        let path = RunJournal.path(journal.token, in: store.directory)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        try Data(bytes.prefix(RunJournal.header.count + 20)).write(to: URL(fileURLWithPath: path))
        #expect(RunJournal.start(journal.token, in: store.directory) == nil)
        for i in 1...4 { bytes[RunJournal.header.count + i] = 0xFF }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(RunJournal.start(journal.token, in: store.directory) == nil)
    }

    /// A journal whose first entry is whole but unreadable (damaged on disk, or
    /// written by a newer mlx) may hold a run: readers leave it and name it.
    /// One cut short before or inside its start holds nothing and is dropped.
    @Test func aJournalWithADamagedStartIsKeptAndOneCutShortIsDropped() throws {
        let store = try RunStoreTests.temporaryStore()
        let run = Self.start(in: store)
        let damaged = try Self.abandonedJournal(in: store, [.begin(run), .cell(Self.cell(0))])
        let path = RunJournal.path(damaged.token, in: store.directory)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[RunJournal.header.count + 8] ^= 0xFF  // inside the start's fields; its length still fits
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let foreign = try Self.abandonedJournal(in: store, [])
        let foreignPath = RunJournal.path(foreign.token, in: store.directory)
        try Data(Array("mlx run journal 9\n".utf8) + bytes.dropFirst(RunJournal.header.count)).write(to: URL(fileURLWithPath: foreignPath))
        let cutShort = try Self.abandonedJournal(in: store, [.begin(run)])
        let cutPath = RunJournal.path(cutShort.token, in: store.directory)
        try Data(bytes.prefix(RunJournal.header.count + 20)).write(to: URL(fileURLWithPath: cutPath))
        let empty = try Self.abandonedJournal(in: store, [])

        try store.bringInJournaledRuns()
        #expect(FileManager.default.fileExists(atPath: path) && FileManager.default.fileExists(atPath: foreignPath))
        #expect(!FileManager.default.fileExists(atPath: cutPath))
        #expect(!FileManager.default.fileExists(atPath: RunJournal.path(empty.token, in: store.directory)))
        #expect(Set(store.damagedJournals()) == [path, foreignPath])
        #expect(try store.count() == 0)
    }

    /// `entry` written to a journal of its own and read back.
    static func readBack(_ entry: RunJournal.Entry) -> RunJournal.Entry? {
        var bytes = RunJournal.header
        entry.encode(into: &bytes)
        return RunJournal.entries(in: bytes).first
    }

    @Test func theEndOfARunReadsBackFromItsJournal() throws {
        let end = RunStore.RunEnd(status: .ok, exitCode: 0, contentID: "c", verdict: nil, git: nil, endedAt: Date(timeIntervalSince1970: 1.5))
        guard case .finished(let read)? = Self.readBack(.finished(end)) else {
            Issue.record("no end read back")
            return
        }
        #expect(read == end)
    }

    @Test func theEnvironmentReadsBackFieldByFieldAndAsTheFirstJournalsWroteIt() throws {
        var environment = RunEnvironment.current(mlxVersion: "test")
        var bytes = RunJournal.header
        RunJournal.Entry.environment(environment).encode(into: &bytes)
        // Kind 2: the environment as JSON text, framed like every entry.
        var json = JournalWriter()
        json.text(RunStore.json(RunEnvironment.unrecorded))
        bytes.append(2)
        bytes += withUnsafeBytes(of: UInt32(json.bytes.count).littleEndian) { Array($0) }
        bytes += json.bytes
        let read = RunJournal.entries(in: bytes).compactMap { entry -> RunEnvironment? in
            if case .environment(let environment) = entry { return environment }
            return nil
        }
        #expect(read == [environment, .unrecorded])
        environment.numeric = .unknown  // no forced core type: the optional's other side
        guard case .environment(let back)? = Self.readBack(.environment(environment)) else {
            Issue.record("no environment read back")
            return
        }
        #expect(back == environment)
    }

    @Test func aJournalCutOffAnywhereReadsAsItsWholeEntries() throws {
        let run = RunRecorder(store: nil, start: RunStoreTests.start()).record
        var bytes = RunJournal.header, ends = [Int]()
        let entries: [RunJournal.Entry] = [
            .begin(run), .cell(Self.cell(0)), .environment(.unrecorded), .completed(position: 0, valueDigest: "ab", contentID: "x", modelObjects: ["m"]), .cell(Self.cell(1)),
        ]
        for entry in entries {
            entry.encode(into: &bytes)
            ends.append(bytes.count)
        }
        for cut in 0...bytes.count {
            let whole = ends.filter { $0 <= cut }.count
            #expect(RunJournal.entries(in: Array(bytes.prefix(cut))).count == whole, "cut at byte \(cut)")
        }
        var corrupt = bytes
        corrupt[ends[1] + 1] ^= 0xFF  // the third entry's length
        #expect(RunJournal.entries(in: corrupt).count == 2)
    }

    @Test func aRunThatEndedInItsJournalOnlyCountsAsLiveForCollection() throws {
        // It may have ended after the collector brought ended runs in: its objects are not referred to yet.
        let store = try RunStoreTests.temporaryStore()
        let run = Self.start(in: store)
        _ = try Self.abandonedJournal(in: store, [.begin(run)])
        #expect(try store.liveRunStarts().map(\.started) == [run.startedAt])
    }

    @Test func objectsSinceTheStartOfARunOnlyInItsJournalAreKept() throws {
        let store = try RunStoreTests.temporaryStore()
        let journal = try RunJournal(directory: store.directory)
        try journal.append(.begin(Self.start(in: store)))
        let pending = try store.objects.put(Data("a model of a run whose row is not written yet".utf8))
        let report = try store.collectGarbage(dryRun: false)
        #expect(report.keptForLiveRuns == 1 && store.objects.contains(pending))
        #expect(report.oldestLiveRun == RunStore.GarbageReport.LiveRun(number: nil, script: "a.mlx"), "named by its script until it has a number")
        journal.remove()
    }
}
