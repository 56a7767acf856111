import Foundation

extension RunRecorder {
    /// The slow parts of starting to record: opening the store (SQLite reads
    /// back its write-ahead log), capturing the environment and asking git. Begun as early
    /// as the store's location is known — `mlx` starts one before it parses
    /// its command line — on the thread the recorder then writes from, so a
    /// short script does not end waiting for them.
    public final class Preparation: @unchecked Sendable {
        // @unchecked: the fields below `writer` are set and read on `writer` only;
        // `claimed` is taken under `claiming`.

        let storeDirectory: String?
        let workingDirectory: String
        let mlxVersion: String
        let writer = SerialWorker(name: "mlx run recorder")
        private let claiming = NSLock()
        private var claimed = false
        var store: RunStore?
        var openingFailure: StoreError?
        var environment: RunEnvironment?
        var git: GitState.Probe?

        /// Starts preparing to record into the store in `storeDirectory` (nil:
        /// in memory only) a run working in `workingDirectory`. With
        /// `creatingStore` false, a store that does not exist yet is left for
        /// the recorder to create: a command line that turns out not to record
        /// must not leave a new `.mlx` behind.
        public init(storeDirectory: String?, workingDirectory: String, mlxVersion: String, creatingStore: Bool = true) {
            self.storeDirectory = storeDirectory
            self.workingDirectory = workingDirectory
            self.mlxVersion = mlxVersion
            writer.async { [self] in
                if storeDirectory != nil {
                    git = GitState.Probe(directory: workingDirectory)
                    openStore(creating: creatingStore)
                }
                environment = .current(mlxVersion: mlxVersion)
            }
        }

        /// Opens the store on `writer` if it is not open yet.
        func openStore(creating: Bool) {
            guard let storeDirectory, store == nil, openingFailure == nil else { return }
            guard creating || FileManager.default.fileExists(atPath: storeDirectory + "/runs.sqlite") else { return }
            do throws(StoreError) {
                store = try RunStore(directory: storeDirectory)
            } catch {
                openingFailure = error
            }
        }

        /// Whether this preparation is for a run recorded into `storeDirectory`
        /// from `start` and nobody has taken it yet; if so, it is now taken.
        func claim(for storeDirectory: String?, _ start: Start) -> Bool {
            guard self.storeDirectory == storeDirectory, workingDirectory == start.workingDirectory, mlxVersion == start.mlxVersion else {
                return false
            }
            return claiming.withLock {
                defer { claimed = true }
                return !claimed
            }
        }
    }
}
