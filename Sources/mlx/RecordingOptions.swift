import ArgumentParser
import Console
import Foundation
import Language
import Runs

/// Where runs are recorded, shared by every command that records or reads them.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The run store folder (default: $MLX_STORE, else the nearest .mlx folder up from here).", valueName: "path"))
    var store: String?

    /// The store folder these options name.
    var location: String { Self.location(option: store, workingDirectory: FileManager.default.currentDirectoryPath) }

    /// The store folder `--store option` names, from `workingDirectory`.
    static func location(option: String?, workingDirectory: String) -> String {
        // getenv rather than ProcessInfo's environment, which copies every variable on each call.
        StoreLocation.resolve(option: option, environmentValue: getenv("MLX_STORE").map { String(cString: $0) }, workingDirectory: workingDirectory)
    }

    /// The existing store, for commands that read runs; a usage error if there
    /// is none. A store this user may only read is read as it is, with the runs
    /// its database holds; `toWrite` (a command that changes it) refuses it.
    func open(toWrite: Bool = false) throws -> RunStore {
        do throws(StoreError) {
            let opened = try RunStore.existing(at: location)
            guard opened.isReadOnly else {
                try opened.bringInJournaledRuns()
                Self.noteDamagedJournals(in: opened)
                return opened
            }
            if toWrite { throw StoreError("the run store at \(location) is read-only for this user") }
            Self.notePendingRuns(in: opened)
            return opened
        } catch {
            throw CommandFailure(error.message)
        }
    }

    /// Says, once, that runs ended in their journals are left out: bringing
    /// them into the database is a write, left to a reader that can make it.
    private static func notePendingRuns(in store: RunStore) {
        let pending = store.pendingJournaledRuns()
        guard pending > 0 else { return }
        let runs = pending == 1 ? "1 pending run" : "\(pending) pending runs"
        ProcessOutput.standardError("mlx: \(runs) could not be brought in: the run store at \(store.directory) is read-only for this user\n")
    }

    /// Says that journals the store could not read were left as they are,
    /// instead of dropping what may be a run without a word.
    private static func noteDamagedJournals(in store: RunStore) {
        for path in store.damagedJournals() {
            ProcessOutput.standardError("mlx: \(path) is not a run journal this mlx can read (damaged, or from a newer mlx): left as it is; remove it once you have looked at it\n")
        }
    }

    /// How a command that takes a RUN explains it in its help.
    static let runReferenceHelp =
        "RUN is a run number (12 or #12), last, last~N (N runs before the last), at least 4 hex digits of its id, or NAME@VERSION of a model it deployed."

    /// The run `reference` names (a number, `last`, `last~N`, an id prefix or a deployed `name@version`)
    /// in the existing store; a usage error if there is no such run.
    /// `withOutputs` as for `RunStore.run`.
    func record(_ reference: String, withOutputs: Bool = true) throws -> RunRecord {
        let store = try open()
        do { return try store.run(store.resolve(reference), withOutputs: withOutputs) } catch { throw CommandFailure(error.message) }
    }
}

/// `--store` and `--no-record` for the commands that record a run.
struct RecordingOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Do not record this run in the run store.")
    var noRecord = false

    /// A recorder for a new run, or nil when not recording. The store is
    /// opened in the background; one that cannot be written is reported and
    /// the run goes on unrecorded.
    func recorder(_ start: RunRecorder.Start) -> RunRecorder? {
        guard !noRecord, Self.recordingAllowed else { return nil }
        let recorder = RunRecorder(storeDirectory: storeOptions.location, start: start, prepared: Self.preparation)
        recorder.onStoreFailure = { warn("recording stopped: \($0.message)") }
        return recorder
    }

    /// Whether `MLX_NO_RECORD` allows recording.
    static var recordingAllowed: Bool { getenv("MLX_NO_RECORD").map { $0.pointee == 0 } ?? true }

    /// Whether `mlx run` may leave its run's row in the database to the next
    /// command that reads the store: unless standard error is a terminal,
    /// where the run's number is shown at its end (and unless the script
    /// deploys, which records the run's number with the model).
    static var scriptRunDefersDatabase: Bool { isatty(STDERR_FILENO) == 0 }

    /// Opening the store begun before the command line was parsed.
    nonisolated(unsafe) static var preparation: RunRecorder.Preparation?

    /// Starts opening the run store for the commands that record (`mlx run`
    /// and the REPL), from a first look at `arguments`, while they are parsed
    /// in earnest: that parse takes as long as opening the store. `recorder`
    /// uses it if the parsed options name the same store; an existing store
    /// is only opened, never created, in case the command line is wrong.
    static func prepare(arguments: [String]) {
        let rest = arguments.dropFirst()
        // `run`, or the REPL (no subcommand), possibly after --store: not `mlx --store X runs`.
        var command = rest[...]
        while let first = command.first, first.hasPrefix("--store") { command = command.dropFirst(first == "--store" ? 2 : 1) }
        guard command.first.map({ $0 == "run" || $0.hasPrefix("-") }) ?? true, recordingAllowed,
            !rest.contains(where: { ["--no-record", "--help", "-h", "--version"].contains($0) || $0.hasPrefix("--generate-completion") })
        else { return }
        var option: String?
        // By index: an array of optional strings is a type this process would
        // otherwise instantiate from its mangled name only here, at a cost.
        for index in rest.indices {
            if rest[index] == "--store" {
                option = index + 1 < rest.endIndex ? rest[index + 1] : nil
            } else if rest[index].hasPrefix("--store=") {
                option = String(rest[index].dropFirst(8))
            }
        }
        let openingStore = command.first != "run" || !scriptRunDefersDatabase
        let workingDirectory = PlainPaths.currentDirectory()
        preparation = RunRecorder.Preparation(
            storeDirectory: StoreOptions.location(option: option, workingDirectory: workingDirectory), workingDirectory: workingDirectory,
            mlxVersion: MLXVersion.current, creatingStore: false, openingStore: openingStore)
        // A wrong command line exits from the parser: no journal made ahead stays behind.
        atexit { RecordingOptions.preparation?.dropUnclaimedJournal() }
    }

    /// Ships models for `deploy` into the store's registry, with the run's
    /// record as lineage; the store is opened when a model is deployed, so a
    /// run that deploys nothing never needs one.
    func deployer(lineage recorder: RunRecorder?) -> @Sendable (DeployRequest) throws -> Deployment {
        let location = storeOptions.location
        return { request in
            let store = try RunStore(directory: location)
            return try ModelRegistry(store: store).deploy(request, lineage: recorder?.record)
        }
    }

    private func warn(_ message: String) {
        ProcessOutput.standardError("mlx: \(message)\n")
    }
}

/// A command that could not do its work; the message goes to standard error
/// and the process exits with the usage status.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
