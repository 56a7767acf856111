import Learning
import Tables

/// The interpreter's only way to the outside world: files and the model
/// registry. The REPL, `mlx run`, replay and tests each provide one.
public protocol InterpreterHost: Sendable {
    /// Loads a table from `path` (relative paths resolve against the host's
    /// working directory).
    func loadTable(path: String, options: LoadOptions) throws -> LoadedTable

    /// Ships a trained model to the registry as the next version of its name.
    func deploy(_ request: DeployRequest) throws -> Deployment
}

extension InterpreterHost {
    /// Hosts without a registry cannot deploy.
    public func deploy(_ request: DeployRequest) throws -> Deployment {
        throw DeployUnavailable()
    }
}

/// What `deploy MODEL as "name"` asks the host to ship.
public struct DeployRequest: Sendable {
    /// The model with its input schema and its document, encoded once.
    public let model: ModelValue
    public let name: String

    public init(model: ModelValue, name: String) {
        self.model = model
        self.name = name
    }

    public init(model: TrainedModel, inputs: [SchemaField], name: String) {
        self.init(model: ModelValue(trained: model, inputs: inputs), name: name)
    }

    public var trained: TrainedModel { model.trained }
    /// The raw columns a row must have (before preprocessing).
    public var inputs: [SchemaField] { model.inputs }
}

/// Where a deployed model went.
public struct Deployment: Sendable, Equatable {
    public let name: String
    public let version: Int
    /// The bundle's folder.
    public let location: String
    /// The SHA-256 of the model document that was deployed.
    public let model: String

    public init(name: String, version: Int, location: String, model: String) {
        self.name = name
        self.version = version
        self.location = location
        self.model = model
    }
}

/// The host has no model registry (a replay, a test).
public struct DeployUnavailable: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "deploy needs a model registry, which this session does not have" }
}
