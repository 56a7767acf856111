import Foundation
import Runs
import Testing

/// The run store under real processes: killed at random moments, written by
/// eight at once, replayed from the command line.
@Suite(.serialized) struct RunStoreProcessTests {
    static func temporaryStore() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mlx-process-store-\(UUID().uuidString)").path
    }

    /// `mlx run` of `script` with its own store, started and not waited for.
    static func start(_ script: String, store: String) throws -> Process {
        try mlxProcess(["run", script], environment: ["MLX_STORE": store])
    }

    /// `mlx arguments`, started and not waited for, its output dropped.
    static func mlxProcess(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs SQL on a store's database with the sqlite3 shell, as a person repairing (or breaking) it would.
    static func sqlite(_ store: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", store + "/runs.sqlite", sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sqlite3 failed: is it installed? (apt-get install sqlite3)")
    }

    /// A script of many short cells, each busy for several milliseconds (the
    /// whole run about half a second in a debug build), so that most kills land mid-run.
    static let manyCells: String = {
        var lines = ["seed 1"]
        for i in 1...60 { lines.append("x\(i) = 0\nfor i in range(20000): x\(i) = x\(i) + i\nprint(x\(i))") }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test(.timeLimit(.minutes(3)))
    func killedAtRandomMomentsTheStoreStaysConsistent() throws {
        let store = Self.temporaryStore()
        let script = try CommandLineTests.script(Self.manyCells)
        var generator = SystemRandomNumberGenerator()
        var earlier = [RunRecord]()
        let inRepository = FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/.git")
        for attempt in 1...20 {
            let process = try Self.start(script, store: store)
            Thread.sleep(forTimeInterval: Double.random(in: 0...0.4, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            // Killed before it created the store: nothing to check yet.
            guard FileManager.default.fileExists(atPath: store + "/runs.sqlite") else { continue }
            let opened = try RunStore.existing(at: store)
            try opened.bringInJournaledRuns()
            #expect(try opened.integrityCheck() == "ok")
            // Every earlier run reads back exactly as before.
            for run in earlier { #expect(try opened.run(run.number) == run, "run #\(run.number) changed after kill \(attempt)") }
            guard let number = try opened.latestNumber(), number > (earlier.last?.number ?? 0) else { continue }  // killed before its first cell
            let killed = try opened.run(number)
            #expect(killed.status == .interrupted || killed.status == .ok)
            // Its cells are the script's first statements, in order, all finished.
            #expect(killed.cells.map(\.number) == Array((1...max(1, killed.cells.count)).prefix(killed.cells.count)))
            #expect(killed.cells.allSatisfy { $0.succeeded })
            if killed.cells.count > 3 { #expect(killed.cells[3].output == "199990000\n") }
            // Journaled as its first cell started, the git state outlives the kill (run from a clone, the tests are in one).
            if inRepository, !killed.cells.isEmpty { #expect(killed.git != nil, "run #\(number) lost its git state") }
            earlier.append(killed)
        }
        #expect(earlier.contains { $0.status == .interrupted }, "no kill landed mid-run in 20 attempts")
    }

    @Test(.timeLimit(.minutes(3)))
    func eightParallelRunsAreEightCompleteRuns() throws {
        let store = Self.temporaryStore()
        let script = try CommandLineTests.script("seed 2\nx = sum(range(1000))\nprint(x)\nassert x == 499500\n")
        let processes = try (0..<8).map { _ in try Self.start(script, store: store) }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        // Each run ended in its journal; four readers at once bring them in, each exactly once.
        let readers = try (0..<4).map { _ in try Self.mlxProcess(["runs", "--store", store]) }
        for reader in readers { reader.waitUntilExit() }
        #expect(readers.allSatisfy { $0.terminationStatus == 0 })
        let opened = try RunStore.existing(at: store)
        let runs = try (1...8).map { try opened.run($0) }
        #expect(try opened.count() == 8)
        #expect(runs.allSatisfy { $0.status == .ok && $0.cells.count == 4 && $0.cells[2].output == "499500\n" })
        #expect(Set(runs.map(\.contentID)).count == 8)
    }

    /// A run whose cell was stopped with Ctrl-C replays up to that cell, and says how many came before it.
    @Test func aReplayUpToAnInterruptedCellCountsTheCellsBeforeIt() throws {
        let store = Self.temporaryStore()
        let environment = ["MLX_STORE": store]
        let script = try CommandLineTests.script("x = 1\ny = 2\nz = 3\nw = 4\n")
        #expect(try CommandLineTests.mlx(["run", script], environment: environment).status == 0)
        #expect(try CommandLineTests.mlx(["runs"], environment: environment).status == 0, "a reader brings the run into the database")
        for (cell, before) in [(3, "the 2 cells before it reproduced"), (2, "the cell before it reproduced"), (1, "no cell came before it")] {
            try Self.sqlite(store, "UPDATE cells SET interrupted = 1, succeeded = 0 WHERE run = 1 AND number = \(cell)")
            let replay = try CommandLineTests.mlx(["replay", "1"], environment: environment)
            #expect(replay.status == 0)
            #expect(replay.out.contains("verdict: identical up to cell [\(cell)], which was interrupted with Ctrl-C: \(before)"), "\(replay.out)")
        }
    }

    /// The warning about a different numeric environment reads like `mlx diff`: recorded → now.
    @Test func aReplayWarnsOfTheRecordedEnvironmentBeforeTheCurrentOne() throws {
        let store = Self.temporaryStore()
        let environment = ["MLX_STORE": store]
        #expect(try CommandLineTests.mlx(["run", CommandLineTests.script("x = 1\n")], environment: environment).status == 0)
        #expect(try CommandLineTests.mlx(["runs"], environment: environment).status == 0, "a reader brings the run into the database")
        try Self.sqlite(store, "UPDATE runs SET environment = json_set(environment, '$.numeric.blasLibrary', 'OpenBLAS 0.0.1') WHERE number = 1")
        let replay = try CommandLineTests.mlx(["replay", "1"], environment: environment)
        #expect(replay.status == 0)
        let now = try #require(try RunStore.existing(at: store).run(2).environment.numeric.blasLibrary)
        #expect(replay.out.contains("warning: numeric environment differs, results may too: BLAS: OpenBLAS 0.0.1 → \(now)\n"), "\(replay.out)")
    }

    /// A run whose process died before capturing its environment (its cells'
    /// records cut short) has no kernel to restart with: the replay says once
    /// that the environment is unknown, runs the script whole and says so.
    @Test func aReplayOfARunWithAnUnknownEnvironmentRunsAsItIs() throws {
        let store = Self.temporaryStore()
        let environment = ["MLX_STORE": store]
        #expect(try CommandLineTests.mlx(["run", CommandLineTests.script("x = 1\ny = 2\n")], environment: environment).status == 0)
        #expect(try CommandLineTests.mlx(["runs"], environment: environment).status == 0, "a reader brings the run into the database")
        let unknown = String(decoding: try JSONEncoder().encode(RunEnvironment.unrecorded), as: UTF8.self)
        try Self.sqlite(
            store,
            """
            UPDATE runs SET status = 'interrupted', environment = '\(unknown)' WHERE number = 1;
            UPDATE cells SET interrupted = 1, cut_short = 1, value_digest = NULL WHERE run = 1;
            """)
        let replay = try CommandLineTests.mlx(["replay", "1"], environment: environment)
        #expect(replay.status == 0)
        #expect(!replay.err.contains("restarting"), "\(replay.err)")
        #expect(replay.out.components(separatedBy: "environment is unknown").count == 2, "said once: \(replay.out)")
        #expect(!replay.out.contains("warning: numeric environment differs"))
        #expect(replay.out.hasSuffix("note: the replay ran on to cell 2; cells from [1] on were not compared\n"), "\(replay.out)")
    }

    @Test func replayFromTheCommandLineReportsEachOutcome() throws {
        let store = Self.temporaryStore()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-replay-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let csv = directory.appendingPathComponent("d.csv").path
        try "a\n1\n2\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let script = try CommandLineTests.script("d = load \"\(csv)\"\nprint(sum(d.a))\n")
        let environment = ["MLX_STORE": store]
        #expect(try CommandLineTests.mlx(["run", script], environment: environment).status == 0)

        let identical = try CommandLineTests.mlx(["replay", "last"], environment: environment)
        #expect(identical.status == 0)
        #expect(identical.out.contains("verdict: identical: 2 of 2 cells reproduced bit for bit (recorded as run #2)"))

        try "a\n1\n5\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let changed = try CommandLineTests.mlx(["replay", "1"], environment: environment)
        #expect(changed.status == 5)
        #expect(changed.err.contains("mlx: input data changed since run #1; nothing ran:\n  \(csv): sha256 "))
        #expect(changed.err.contains("replay with the recorded data: mlx replay 1 --use-snapshots"))
        #expect(try RunStore.existing(at: store).count() == 2, "nothing ran, nothing was recorded")

        #expect(try CommandLineTests.mlx(["replay", "1", "--use-snapshots"], environment: environment).status == 0)

        // A record that no longer matches what the code computes: the verdict shows both versions.
        try Self.sqlite(store, "UPDATE cells SET output = '4' || char(10) WHERE run = 1 AND number = 2")
        let differs = try CommandLineTests.mlx(["replay", "1", "--use-snapshots"], environment: environment)
        #expect(differs.status == 4)
        #expect(differs.out.hasSuffix("verdict: differs at cell [2] (recorded as run #4)\nrecorded:\n  [2] print(sum(d.a))\n  | 4\nreplayed:\n  [2] print(sum(d.a))\n  | 3\n"))

        // A changed file the store kept no copy of (over the snapshot size): the snapshots cannot stand in for it.
        try Self.sqlite(store, "UPDATE inputs SET snapshot = NULL WHERE run = 1")
        let uncovered = try CommandLineTests.mlx(["replay", "1", "--use-snapshots"], environment: environment)
        #expect(uncovered.status == 5)
        #expect(uncovered.err.contains("mlx: input data changed since run #1 and the store kept no snapshot of it; nothing ran:\n  \(csv): sha256 "))
        #expect(!uncovered.err.contains("--use-snapshots"))
        #expect(try RunStore.existing(at: store).count() == 4, "nothing ran, nothing was recorded")

        let unknown = try CommandLineTests.mlx(["replay", "99"], environment: environment)
        #expect(unknown.status == 64)
        #expect(unknown.err.contains("no run #99"))
    }
}
