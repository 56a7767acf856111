import Foundation
import Language
import Learning
import Runs
import Synchronization
import Tables

/// The host of a replay: files resolve against the run's working directory,
/// and a file the run's record kept a snapshot of may be read from the
/// snapshot instead of the disk.
public struct ReplayHost: InterpreterHost {
    let files: FileSystemHost
    /// Snapshot bytes by resolved path.
    let snapshots: [String: [UInt8]]

    /// What the original run deployed, in order: a replay checks that it
    /// would deploy the same models, and does not deploy them again.
    let deployments: DeploymentQueue

    public init(workingDirectory: String, snapshots: [String: [UInt8]] = [:], deployments: [RunRecord.Deployed] = []) {
        files = FileSystemHost(workingDirectory: workingDirectory)
        self.snapshots = snapshots
        self.deployments = DeploymentQueue(deployments)
    }

    public func deploy(_ request: DeployRequest) throws -> Deployment {
        // The original refused a bad name before it reached the registry; so does the replay.
        try ModelRegistry.validate(name: request.name)
        let model = request.model.digest
        guard let recorded = deployments.next() else {
            throw ReplayDeployError("the original run deployed nothing more at this point")
        }
        guard recorded.name == request.name, recorded.model == model else {
            throw ReplayDeployError(
                "the original run deployed \(recorded.name) version \(recorded.version) (model \(recorded.model.prefix(12))) here; the replay would deploy \(request.name) with model \(model.prefix(12))")
        }
        return Deployment(name: recorded.name, version: recorded.version, location: "", model: model)
    }

    public func loadTable(path: String, options: LoadOptions) throws -> LoadedTable {
        guard let bytes = snapshots[files.resolve(path)] else { return try files.loadTable(path: path, options: options) }
        return try TableLoader.load(data: bytes, name: path, options: options)
    }

    public func resolve(_ path: String) -> String { files.resolve(path) }
}

/// The recorded deployments a replay hands out one by one.
final class DeploymentQueue: Sendable {
    private let remaining: Mutex<[RunRecord.Deployed]>

    init(_ deployments: [RunRecord.Deployed]) { remaining = Mutex(deployments) }

    func next() -> RunRecord.Deployed? {
        remaining.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}

/// A replay reached a `deploy` that does not match the original run's.
struct ReplayDeployError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
