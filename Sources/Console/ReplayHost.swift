import Foundation
import Language
import Tables

/// The host of a replay: files resolve against the run's working directory,
/// and a file the run's record kept a snapshot of may be read from the
/// snapshot instead of the disk.
public struct ReplayHost: InterpreterHost {
    let files: FileSystemHost
    /// Snapshot bytes by resolved path.
    let snapshots: [String: [UInt8]]

    public init(workingDirectory: String, snapshots: [String: [UInt8]] = [:]) {
        files = FileSystemHost(workingDirectory: workingDirectory)
        self.snapshots = snapshots
    }

    public func loadTable(path: String, options: LoadOptions) throws -> LoadedTable {
        guard let bytes = snapshots[files.resolve(path)] else { return try files.loadTable(path: path, options: options) }
        return try TableLoader.load(data: bytes, name: path, options: options)
    }

    public func resolve(_ path: String) -> String { files.resolve(path) }
}
