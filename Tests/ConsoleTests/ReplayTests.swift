import Foundation
import Language
import Numerics
import Runs
import Testing

@testable import Console

/// Replay through the same execute path as a live run: examples reproduce,
/// a REPL session with an error and a `:reset` reproduces, and a changed
/// record is caught at the right cell.
@Suite struct ReplayTests {
    static func temporaryStore() throws -> RunStore {
        try RunStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("mlx-replay-\(UUID().uuidString)").path)
    }

    /// Records `text` as a script run in `store`, the way `mlx run` does.
    static func recordScript(
        _ name: String, _ text: String, in store: RunStore, directory: String, overrides: [String] = [], deploys: Bool = false
    ) -> RunRecord {
        let recorder = RunRecorder(
            store: store,
            start: RunRecorder.Start(kind: .script, script: name, source: text, workingDirectory: directory, overrides: overrides, mlxVersion: "test"))
        var host = FileSystemHost(workingDirectory: directory)
        if deploys { host = ExampleScriptTests.host(store: store, lineage: recorder) }
        recorder.resolvePath = host.resolve
        let runner = ScriptRunner(output: CapturedOutput(), recorder: recorder)
        var values = [String: Value]()
        for item in overrides { let parts = item.split(separator: "=", maxSplits: 1); values[String(parts[0])] = Value(commandLine: String(parts[1])) }
        let interpreter = Interpreter(host: host, sink: runner.sink, parameterOverrides: values)
        let status = runner.run(SourceFile(name: name, text: text), with: interpreter).status
        recorder.finish(status: status.runStatus, exitCode: status.rawValue)
        return recorder.record
    }

    @Test(arguments: ExampleScriptTests.examples)
    func everyExampleReplaysIdentically(_ name: String) throws {
        let store = try Self.temporaryStore()
        let text = try String(contentsOf: ExampleScriptTests.root.appendingPathComponent("scripts/\(name)"), encoding: .utf8)
        let original = Self.recordScript("scripts/\(name)", text, in: store, directory: ExampleScriptTests.root.path, deploys: true)
        #expect(original.status == .ok)
        let outcome = Replay(of: try store.run(original.number)).execute(recordInto: store, output: CapturedOutput(), mlxVersion: "test")
        #expect(outcome.verdict == "identical")
        #expect(outcome.comparedCells == original.cells.count)
        let replayed = try store.run(outcome.replayed.number)
        #expect(replayed.kind == .replay && replayed.replayOf == original.number && replayed.verdict == "identical")
        #expect(replayed.cells.map(\.output) == original.cells.map(\.output))
    }

    @Test func parametersFromTheCommandLineAreReplayed() throws {
        let store = try Self.temporaryStore()
        let original = Self.recordScript("p.mlx", "param c = 1\nprint(c * 2)\n", in: store, directory: "/tmp", overrides: ["c=21"])
        #expect(original.cells[1].output == "42\n")
        let outcome = Replay(of: original).execute(recordInto: nil, output: CapturedOutput(), mlxVersion: "test")
        #expect(outcome.verdict == "identical")
    }

    @Test func overridesAreReplayedWithTheValuesTheRunRecorded() throws {
        let store = try Self.temporaryStore()
        // Read as text by an mlx from before overrides were checked against the default.
        let original = Self.recordScript("p.mlx", "param c = 1\nprint(type(c), c)\n", in: store, directory: "/tmp", overrides: ["c=1_000"])
        #expect(original.cells[1].output == "string 1_000\n")
        let outcome = Replay(of: original).execute(recordInto: nil, output: CapturedOutput(), mlxVersion: "test")
        #expect(outcome.verdict == "identical")
        for value: Value in [.number(0.1), .number(-2.5e-300), .number(1e300), .number(42), .string("a \"quoted\" \\ path"), .string(""), .boolean(true)] {
            #expect(Value(literal: value.literalText) == value, "\(value.literalText)")
        }
        #expect(Value(literal: "[1, 2]") == .vector(Vector([1, 2])))
        #expect(Value(literal: "x") == nil && Value(literal: "1 +") == nil && Value(literal: "[x]") == nil)
    }

    @Test func aReplSessionWithAnErrorAndAResetReplays() throws {
        let store = try Self.temporaryStore()
        let recorder = RunRecorder(store: store, start: RunRecorder.Start(kind: .repl, workingDirectory: ExampleScriptTests.root.path, mlxVersion: "test"))
        let lines = ["seed 5", "iris = load \"datasets/iris.csv\"", "s = sample(iris, 3)", "s", ":reset", "x = nope", "y = [1, 2]", "y * 2"]
        let session = ReplSession(
            reader: ScriptedLineReader(lines: lines), output: CapturedOutput(), workingDirectory: ExampleScriptTests.root.path, recorder: recorder)
        let status = session.run()
        recorder.finish(status: status.runStatus, exitCode: status.rawValue)
        let original = try store.run(recorder.number!)
        #expect(original.cells.map(\.number) == [1, 2, 3, 4, 0, 5, 6, 7])
        #expect(original.cells[5].succeeded == false)
        #expect(original.inputs.count == 1 && original.inputs[0].snapshot == original.inputs[0].fingerprint.sha256)
        let outcome = Replay(of: original).execute(recordInto: store, output: CapturedOutput(), mlxVersion: "test")
        #expect(outcome.verdict == "identical")
    }

    @Test func aDifferentOutputIsCaughtAtItsCell() throws {
        let store = try Self.temporaryStore()
        var original = Self.recordScript("d.mlx", "x = 2\nprint(x)\ny = x + 1\ny\n", in: store, directory: "/tmp")
        original.cells[3].output = "4\n"
        let outcome = Replay(of: original).execute(recordInto: nil, output: CapturedOutput(), mlxVersion: "test")
        #expect(outcome.verdict == "differs at cell [4]")
        #expect(outcome.difference?.replayed?.output == "3\n")
    }

    @Test func aDifferentValueWithTheSameOutputIsCaught() throws {
        let store = try Self.temporaryStore()
        var original = Self.recordScript("v.mlx", "x = 0.1 + 0.2\nprint(1)\n", in: store, directory: "/tmp")
        original.cells[0].valueDigest = Value.number(0.3).digest
        let outcome = Replay(of: original).execute(recordInto: nil, output: CapturedOutput(), mlxVersion: "test")
        #expect(outcome.verdict == "differs at cell [1]")
    }

    @Test func changedInputIsFoundBeforeAnythingRuns() throws {
        let store = try Self.temporaryStore()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-replay-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let csv = directory.appendingPathComponent("d.csv")
        try "a,b\n1,2\n3,4\n".write(to: csv, atomically: true, encoding: .utf8)
        let original = Self.recordScript("c.mlx", "d = load \"d.csv\"\nsum(d.a)\n", in: store, directory: directory.path)
        #expect(Replay(of: original).checkInputs().allSatisfy { $0.unchanged })

        try "a,b\n1,2\n5,4\n".write(to: csv, atomically: true, encoding: .utf8)
        let checks = Replay(of: original).checkInputs()
        #expect(checks.count == 1 && !checks[0].unchanged && checks[0].currentSize == 12)

        // With the snapshot the store kept, the recorded data comes back.
        let replay = Replay(of: original)
        let outcome = replay.execute(recordInto: nil, snapshots: try replay.snapshots(in: store), output: CapturedOutput(), mlxVersion: "test")
        #expect(outcome.verdict == "identical")
        // Without it, the changed file gives a different sum.
        #expect(Replay(of: original).execute(recordInto: nil, output: CapturedOutput(), mlxVersion: "test").verdict == "differs at cell [1]")
    }

    @Test func aReplayOfAKilledScriptStopsBeforeTheCellItsRecordCutShort() throws {
        let store = try Self.temporaryStore()
        var original = Self.recordScript("k.mlx", "x = 1\ny = x + 1\nprint(y)\n", in: store, directory: "/tmp")
        // As recovered from the journal of a process killed before cell 2's digest was hashed.
        original.status = .interrupted
        original.cells = Array(original.cells.prefix(2))
        original.cells[1].valueDigest = nil
        original.cells[1].interrupted = true
        original.cells[1].recordCutShort = true
        let outcome = Replay(of: original).execute(recordInto: nil, output: CapturedOutput(), mlxVersion: "test")
        #expect(outcome.verdict == "identical up to cell [2], whose record was cut short when the run was killed")
        #expect(outcome.comparedCells == 1)
        #expect(!outcome.stoppedBeforeIt, "a script is run whole; only the cells from [2] on go uncompared")
    }

    /// A run killed before it captured its environment recorded no thread
    /// count: the replay keeps this process's rather than setting it to 0.
    @Test func aReplayOfARunWithAnUnknownEnvironmentKeepsTheThreadCount() throws {
        let store = try Self.temporaryStore()
        var original = Self.recordScript("u.mlx", "x = 1\n", in: store, directory: "/tmp")
        original.environment = .unrecorded
        let threads = NumericEnvironment.current().blasThreads
        NumericEnvironment.withBLASThreads(threads) {
            #expect(Replay(of: original).execute(recordInto: nil, output: CapturedOutput(), mlxVersion: "test").verdict == "identical")
            #expect(NumericEnvironment.current().blasThreads == threads)
        }
    }

    @Test func aFailedCellWhoseRecordWasCutShortIsNotCalledCtrlC() throws {
        let store = try Self.temporaryStore()
        var original = Self.recordScript("f.mlx", "x = 1\ny = x + nope\n", in: store, directory: "/tmp")
        #expect(original.cells.map(\.succeeded) == [true, false])
        original.status = .interrupted
        original.cells[1].valueDigest = nil
        original.cells[1].interrupted = true
        original.cells[1].recordCutShort = true
        let outcome = Replay(of: original).execute(recordInto: nil, output: CapturedOutput(), mlxVersion: "test")
        #expect(outcome.verdict == "identical up to cell [2], whose record was cut short when the run was killed")
    }

    @Test func aReplayStopsBeforeACellThatCtrlCInterrupted() throws {
        let recorder = RunRecorder(store: nil, start: RunRecorder.Start(kind: .repl, workingDirectory: "/tmp", mlxVersion: "test"))
        let session = ReplSession(reader: ScriptedLineReader(lines: ["x = 1", "x + 1", "y = x * 3", "y"]), output: CapturedOutput(), recorder: recorder)
        session.run()
        var original = recorder.record
        // As if Ctrl-C had stopped cell 3 before it assigned y.
        original.cells[2].interrupted = true
        original.cells[2].succeeded = false
        original.cells[3].output = "error: unknown name 'y'\n"
        let outcome = Replay(of: original).execute(recordInto: nil, output: CapturedOutput(), mlxVersion: "test")
        #expect(outcome.verdict == "identical up to cell [3], which was interrupted with Ctrl-C")
        #expect(outcome.comparedCells == 2)
        #expect(outcome.replayed.cells.count == 2)
        #expect(outcome.stoppedBeforeIt)
    }

    @Test func aReplayOfAReplayOfADeployingRunChecksTheOriginalDeploy() throws {
        let store = try Self.temporaryStore()
        let script = "d = load \"datasets/iris.csv\"\nm = train naive_bayes on d target species\ndeploy m as \"iris\"\n"
        let original = Self.recordScript("d.mlx", script, in: store, directory: ExampleScriptTests.root.path, deploys: true)
        #expect(original.cells[2].succeeded)
        let replay = Replay(of: try store.run(original.number)).execute(recordInto: store, output: CapturedOutput(), mlxVersion: "test")
        #expect(replay.verdict == "identical")
        // The replay deployed nothing itself: its deploy stands for the original's.
        let again = Replay(of: try store.run(replay.replayed.number)).execute(recordInto: store, output: CapturedOutput(), mlxVersion: "test")
        #expect(again.verdict == "identical")
        #expect(try ModelRegistry(store: store).entries().count == 1)
    }

    @Test func aDeployRefusedForItsNameIsRefusedAgainOnReplay() throws {
        let store = try Self.temporaryStore()
        let script = "d = load \"datasets/iris.csv\"\nm = train naive_bayes on d target species\ndeploy m as \"Iris!\"\n"
        let original = Self.recordScript("n.mlx", script, in: store, directory: ExampleScriptTests.root.path, deploys: true)
        #expect(original.cells[2].succeeded == false)
        let outcome = Replay(of: original).execute(recordInto: nil, output: CapturedOutput(), mlxVersion: "test")
        #expect(outcome.verdict == "identical")
    }
}
