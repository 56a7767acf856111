import ArgumentParser
import Console
import Foundation
import Numerics
import Runs

/// `mlx replay RUN`: re-executes a recorded run headless and says whether it reproduced.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-execute a recorded run headless and compare it cell by cell.",
        discussion: """
            Before anything runs, every input file is checked against the fingerprint the run recorded; \
            changed data stops the replay (exit 5) unless --use-snapshots replays with the copies the store kept \
            (a changed file it kept no copy of, over 16 MiB, still stops it). \
            The replay uses the run's seed, --set parameters, --digits and BLAS thread count; when the BLAS \
            kernel differs from the recorded one, mlx restarts itself with OPENBLAS_CORETYPE set to it. \
            Exit codes: 0 identical; 4 a cell differs (both versions are shown); 5 inputs changed; 64 bad usage. \
            The replay is recorded as a run of its own that points to the original.
            """
    )

    @ArgumentParser.Argument(help: ArgumentHelp("The run: its number, last, last~N, or a prefix of its id.", valueName: "run"))
    var reference: String

    @Flag(help: "Read input files from the snapshots kept in the store instead of the disk.")
    var useSnapshots = false

    @Flag(help: "Show what the replayed cells print.")
    var showOutput = false

    @OptionGroup var recording: RecordingOptions

    func run() throws {
        let store = try recording.storeOptions.open()
        let original: RunRecord
        do { original = try store.run(try store.resolve(reference)) } catch { throw CommandFailure(error.message) }
        // Opening the store marked dead runs interrupted: this one is live, and the
        // cells it has yet to record would be reported as differences.
        guard original.status != .running else {
            throw CommandFailure("run #\(original.number) is still running: replay it once it has ended")
        }
        try matchBLASKernel(of: original)
        let replay = Replay(of: original)
        let out = StandardStreams()
        out.standardOutput("replaying run #\(original.number) (\(Self.describe(original))) in \(replay.workingDirectory)\n")
        let snapshots = try checkedInputs(replay, store: store, out: out)
        warnOfEnvironmentDifferences(from: original, out: out)
        // A store this user may only read takes no replay: said once, instead of a failed recording.
        if store.isReadOnly, !recording.noRecord {
            out.standardError("mlx: the run store at \(store.directory) is read-only for this user: this replay is not recorded\n")
        }
        let target = recording.noRecord || store.isReadOnly ? nil : store
        let outcome = replay.execute(
            recordInto: target, snapshots: snapshots, output: showOutput ? out : DiscardedOutput(), mlxVersion: MLXVersion.current,
            onStoreFailure: { out.standardError("mlx: recording stopped: \($0.message)\n") })
        report(outcome, out: out)
        if outcome.difference != nil { throw ExitCode(ExitStatus.replayMismatch.rawValue) }
    }

    /// Prints what in the numeric environment differs from the run's, or once
    /// that the run's is unknown (its process died before capturing it).
    private func warnOfEnvironmentDifferences(from original: RunRecord, out: StandardStreams) {
        guard original.environment.isRecorded else {
            out.standardOutput("note: the run's environment is unknown (it was killed before recording it): replaying on this one as it is\n")
            return
        }
        for line in original.environment.numericDifferences(to: RunEnvironment.current(mlxVersion: MLXVersion.current)) {
            out.standardOutput("warning: numeric environment differs, results may too: \(line)\n")
        }
    }

    /// Stops with exit 5 if any input changed and snapshots were not asked
    /// for, or if one changed that the store kept no snapshot of; returns the
    /// snapshots to read from when they were asked for.
    private func checkedInputs(_ replay: Replay, store: RunStore, out: StandardStreams) throws -> [String: [UInt8]] {
        let checks = replay.checkInputs()
        var changed = checks.filter { !$0.unchanged }
        for check in checks where check.unchanged {
            out.standardOutput("data: \(check.input.path) unchanged (sha256 \(check.input.fingerprint.sha256.prefix(12)))\n")
        }
        if useSnapshots {
            // Without a snapshot, the replay would read the changed file and report a difference the data made.
            changed = changed.filter { $0.input.snapshot == nil }
            if changed.isEmpty {
                do { return try replay.snapshots(in: store) } catch { throw CommandFailure(error.message) }
            }
        }
        guard !changed.isEmpty else { return [:] }
        let kept = useSnapshots ? " and the store kept no snapshot of it" : ""
        var lines = ["mlx: input data changed since run #\(replay.original.number)\(kept); nothing ran:"]
        for check in changed {
            let recorded = check.input.fingerprint
            let now =
                check.currentDigest.map { "sha256 \(recorded.sha256.prefix(12)) → \($0.prefix(12)), \(recorded.byteCount) → \(check.currentSize ?? 0) bytes" }
                ?? "missing (was sha256 \(recorded.sha256.prefix(12)), \(recorded.byteCount) bytes)"
            let snapshot = check.input.snapshot == nil ? "; no snapshot kept (larger than 16 MiB)" : "; a snapshot is kept"
            lines.append("  \(check.input.path): \(now)\(snapshot)")
        }
        if !useSnapshots, changed.allSatisfy({ $0.input.snapshot != nil }) {
            lines.append("replay with the recorded data: mlx replay \(replay.original.number) --use-snapshots")
        }
        out.standardError(lines.joined(separator: "\n") + "\n")
        throw ExitCode(ExitStatus.inputsChanged.rawValue)
    }

    private func report(_ outcome: Replay.Outcome, out: StandardStreams) {
        let recorded = outcome.replayed.number > 0 ? " (recorded as run #\(outcome.replayed.number))" : ""
        guard let difference = outcome.difference else {
            if let stopped = outcome.stoppedAt {
                let before =
                    switch outcome.comparedCells {
                    case 0: "no cell came before it"
                    case 1: "the cell before it reproduced bit for bit"
                    case let count: "the \(count) cells before it reproduced bit for bit"
                    }
                out.standardOutput("verdict: \(outcome.verdict): \(before)\(recorded)\n")
                if outcome.stoppedBeforeIt {
                    out.standardOutput("note: what an interrupted cell left half-done cannot be replayed; cells from [\(stopped.number)] on were not run\n")
                } else {
                    out.standardOutput("note: the replay ran on to cell \(outcome.replayed.cells.count); cells from [\(stopped.number)] on were not compared\n")
                }
                return
            }
            out.standardOutput("verdict: identical: \(outcome.comparedCells) of \(outcome.comparedCells) cells reproduced bit for bit\(recorded)\n")
            if outcome.replayed.cells.count > outcome.comparedCells {
                out.standardOutput("note: the original run was interrupted; the replay went on to cell \(outcome.replayed.cells.count)\n")
            }
            return
        }
        var lines = ["verdict: \(outcome.verdict)\(recorded)"]
        lines += Self.describe(difference.recorded, as: "recorded")
        lines += Self.describe(difference.replayed, as: "replayed")
        if let a = difference.recorded, let b = difference.replayed, a.output == b.output, a.valueDigest != b.valueDigest {
            lines.append("the output is the same but the value differs: digest \(a.valueDigest?.prefix(12) ?? "none") → \(b.valueDigest?.prefix(12) ?? "none")")
        }
        out.standardOutput(lines.joined(separator: "\n") + "\n")
    }

    private static func describe(_ cell: RunRecord.Cell?, as label: String) -> [String] {
        guard let cell else { return ["\(label): no such cell"] }
        let number = cell.number == 0 ? "" : "[\(cell.number)] "
        var lines = ["\(label)\(cell.succeeded ? (cell.assertFailed ? " (assert failed)" : "") : " (failed)"):", "  \(number)" + cell.source.replacingOccurrences(of: "\n", with: "\n  ")]
        var outputLines = cell.output.split(separator: "\n", omittingEmptySubsequences: false)
        if outputLines.last?.isEmpty == true { outputLines.removeLast() }
        lines += outputLines.isEmpty ? ["  (no output)"] : outputLines.map { "  | \($0)" }
        return lines
    }

    static func describe(_ run: RunRecord) -> String {
        let what = run.kind == .replay ? "replay of #\(run.replayOf ?? 0)" : run.script ?? "repl"
        return "\(what), \(run.cells.count) cell\(run.cells.count == 1 ? "" : "s"), \(run.status.rawValue)"
            + (run.seed.map { ", seed \($0)" } ?? "") + ", BLAS \(run.environment.numeric.blasKernel) × \(run.environment.numeric.blasThreads)"
    }

    /// OpenBLAS picks its kernel once, when it loads: to replay on the
    /// recorded kernel the process must start again with it forced.
    private func matchBLASKernel(of run: RunRecord) throws {
        let recorded = run.environment.numeric.blasKernel, current = NumericEnvironment.current().blasKernel
        let environment = ProcessInfo.processInfo.environment
        guard run.environment.isRecorded, !recorded.isEmpty, recorded != current, environment["MLX_REPLAY_RESTARTED"] == nil else { return }
        ProcessOutput.standardError("mlx: restarting with OPENBLAS_CORETYPE=\(recorded) (the run used that BLAS kernel, this process has \(current))\n")
        setenv("OPENBLAS_CORETYPE", recorded, 1)
        setenv("MLX_REPLAY_RESTARTED", "1", 1)
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", arguments)
        throw CommandFailure("cannot restart with the recorded BLAS kernel: \(String(cString: strerror(errno)))")
    }
}

/// Output nobody reads: the cells of a replay that is only compared.
final class DiscardedOutput: ScriptOutput, @unchecked Sendable {
    func standardOutput(_ text: String) {}
    func standardError(_ text: String) {}
}
