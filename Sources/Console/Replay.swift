import Foundation
import Language
import Numerics
import Runs
import Tables

/// Replays a recorded run headless through the same execute path as a live
/// run (`ScriptRunner` for a script, `ReplSession` for a REPL session), with
/// the recorded seed, parameters, display options and BLAS thread count, and
/// compares the result cell by cell.
public struct Replay {
    /// What became of one recorded input file.
    public struct InputCheck: Sendable {
        public let input: RunRecord.Input
        /// Where the file is looked for now.
        public let path: String
        /// The SHA-256 of the file now; nil when it cannot be read.
        public let currentDigest: String?
        public let currentSize: Int?

        public var unchanged: Bool { currentDigest == input.fingerprint.sha256 }
    }

    /// The first cell whose replay does not match the record.
    public struct Difference: Sendable {
        /// Position in the run's cell list.
        public let position: Int
        public let recorded: RunRecord.Cell?
        public let replayed: RunRecord.Cell?
    }

    /// What a replay found.
    public struct Outcome: Sendable {
        /// The replay as a run of its own (numbered when it was recorded).
        public let replayed: RunRecord
        /// Nil when every recorded cell reproduced bit for bit.
        public let difference: Difference?
        /// How many recorded cells were compared.
        public let comparedCells: Int
        /// The recorded cell the replay stopped before: Ctrl-C stopped it part
        /// way, or the run was killed before its record was complete.
        public let stoppedAt: RunRecord.Cell?

        /// Whether the replay ran nothing from `stoppedAt` on: a REPL session
        /// stops before that cell, a script is run whole and only its cells
        /// from there on go uncompared.
        public var stoppedBeforeIt: Bool { stoppedAt != nil && replayed.cells.count <= comparedCells }

        public var verdict: String {
            guard let difference else {
                guard let stoppedAt else { return "identical" }
                let why = stoppedAt.recordCutShort ? "whose record was cut short when the run was killed" : "which was interrupted with Ctrl-C"
                return "identical up to cell [\(stoppedAt.number)], \(why)"
            }
            let number = (difference.recorded ?? difference.replayed).map { $0.number == 0 ? ":reset" : "[\($0.number)]" } ?? "?"
            return "differs at cell \(number)"
        }
    }

    public let original: RunRecord
    /// Where the replay runs: the run's own working directory if it still
    /// exists, else the current one (a fresh clone of the same repository).
    public let workingDirectory: String

    public init(of original: RunRecord, currentDirectory: String = FileManager.default.currentDirectoryPath) {
        self.original = original
        var isDirectory: ObjCBool = false
        let recordedExists = FileManager.default.fileExists(atPath: original.workingDirectory, isDirectory: &isDirectory) && isDirectory.boolValue
        workingDirectory = recordedExists ? original.workingDirectory : currentDirectory
    }

    // MARK: Inputs

    /// Each distinct input the run read, checked against its fingerprint.
    public func checkInputs() -> [InputCheck] {
        let host = FileSystemHost(workingDirectory: workingDirectory)
        var seen = Set<String>(), checks = [InputCheck]()
        for input in original.inputs where seen.insert(input.path + "\u{0}" + input.fingerprint.sha256).inserted {
            let path = host.resolve(input.path)
            let data = FileManager.default.contents(atPath: path)
            checks.append(InputCheck(input: input, path: path, currentDigest: data.map(ContentDigest.sha256), currentSize: data?.count))
        }
        return checks
    }

    /// The snapshots kept in `store`, by the path each file resolves to now.
    public func snapshots(in store: RunStore) throws(StoreError) -> [String: [UInt8]] {
        let host = FileSystemHost(workingDirectory: workingDirectory)
        var result = [String: [UInt8]]()
        for input in original.inputs {
            guard let snapshot = input.snapshot else { continue }
            result[host.resolve(input.path)] = Array(try store.objects.get(snapshot))
        }
        return result
    }

    // MARK: Execution

    /// Re-executes the run; records it into `recordInto` (nil: in memory only).
    /// - Parameter output: receives what the cells print (a replay shown to nobody can discard it).
    public func execute(
        recordInto store: RunStore?, snapshots: [String: [UInt8]] = [:], output: any ScriptOutput, mlxVersion: String,
        onStoreFailure: ((StoreError) -> Void)? = nil
    ) -> Outcome {
        let recorder = RunRecorder(
            store: store,
            start: RunRecorder.Start(
                kind: .replay, script: original.script, source: original.source, workingDirectory: workingDirectory,
                overrides: original.overrides, digits: original.digits, replayOf: original.number, mlxVersion: mlxVersion))
        recorder.onStoreFailure = onStoreFailure
        let host = ReplayHost(workingDirectory: workingDirectory, snapshots: snapshots, deployments: original.deployments)
        recorder.resolvePath = host.resolve
        // A run that never captured its environment recorded no thread count (0 would mean one thread).
        if original.environment.isRecorded { NumericEnvironment.setBLASThreads(original.environment.numeric.blasThreads) }
        let renderer = ValueRenderer(numbers: NumberFormat(significantDigits: original.digits))
        let status =
            original.source != nil
            ? replayScript(host: host, recorder: recorder, output: output, renderer: renderer)
            : replaySession(host: host, recorder: recorder, output: output, renderer: renderer)
        let stoppedAt = original.cells.first(where: \.interrupted)
        let replayable = original.cells.prefix { !$0.interrupted }.count
        let compared =
            original.status == .interrupted || stoppedAt != nil ? replayable : max(original.cells.count, recorder.record.cells.count)
        let difference = Self.firstDifference(original.cells, recorder.record.cells, upTo: compared)
        let preliminary = Outcome(replayed: recorder.record, difference: difference, comparedCells: compared, stoppedAt: stoppedAt)
        recorder.finish(status: status.runStatus, exitCode: status.rawValue, verdict: preliminary.verdict)
        return Outcome(
            replayed: recorder.record, difference: difference, comparedCells: min(compared, original.cells.count), stoppedAt: stoppedAt)
    }

    private func replayScript(host: ReplayHost, recorder: RunRecorder, output: any ScriptOutput, renderer: ValueRenderer) -> ExitStatus {
        let source = SourceFile(name: original.script ?? "<stdin>", text: original.source ?? "")
        // The values the run recorded for its overridden parameters, exactly; an override the
        // run never reached is read as `mlx run` reads it (or, refused now, as it was read before).
        var overrides = [String: Value]()
        for parameter in original.parameters where parameter.overridden {
            if let value = Value(literal: parameter.value) { overrides[parameter.name] = value }
        }
        let checked = try? ParameterOverrides.values(original.overrides, for: Parser.parse(source).program)
        for item in original.overrides {
            guard let equals = item.firstIndex(of: "=") else { continue }
            let name = String(item[..<equals])
            if overrides[name] == nil { overrides[name] = checked?[name] ?? Value(commandLine: String(item[item.index(after: equals)...])) }
        }
        let runner = ScriptRunner(output: output, renderer: renderer, recorder: recorder)
        let interpreter = Interpreter(host: host, sink: runner.sink, parameterOverrides: overrides)
        return runner.run(source, with: interpreter).status
    }

    private func replaySession(host: ReplayHost, recorder: RunRecorder, output: any ScriptOutput, renderer: ValueRenderer) -> ExitStatus {
        let session = ReplSession(
            reader: ScriptedLineReader([]), output: output, workingDirectory: workingDirectory, renderer: renderer, recorder: recorder,
            interpreterHost: host)
        // A cell stopped by Ctrl-C left its state half-done, and one whose record
        // a killed run cut short has no digest to compare: nothing from there on is replayed.
        for cell in original.cells.prefix(while: { !$0.interrupted }) {
            if cell.number == 0, cell.source == ":reset" {
                session.perform(.reset)
            } else {
                session.runCell(cell.source)
            }
        }
        return session.status
    }

    /// The first position where the recorded and replayed cells differ in
    /// number, source, output, value digest or success.
    static func firstDifference(_ recorded: [RunRecord.Cell], _ replayed: [RunRecord.Cell], upTo count: Int) -> Difference? {
        for position in 0..<count {
            let a = position < recorded.count ? recorded[position] : nil
            let b = position < replayed.count ? replayed[position] : nil
            if !Self.same(a, b) { return Difference(position: position, recorded: a, replayed: b) }
        }
        return nil
    }

    /// Durations are allowed to differ; nothing else is.
    private static func same(_ a: RunRecord.Cell?, _ b: RunRecord.Cell?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.number == b.number && a.source == b.source && a.output == b.output && a.valueDigest == b.valueDigest
            && a.succeeded == b.succeeded
    }
}
