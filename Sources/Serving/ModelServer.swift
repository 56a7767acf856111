import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle

/// Where the server listens, how much it reads, and how long and how many clients it waits on.
public struct ServerConfiguration: Sendable {
    /// The address to bind: 127.0.0.1 for this machine only, 0.0.0.0 in a container.
    public var host: String
    /// The port; 0 lets the system pick a free one (`ListeningAddress` tells which).
    public var port: Int
    /// Larger request bodies are refused with 413 before they are read.
    public var maximumBodyBytes: Int
    /// A connection is closed when no request starts this long after it opened or after the last
    /// response, or when a request's headers have not all arrived this long after that.
    public var idleTimeout: Duration
    /// A connection is closed when a request's body has not all arrived this long after its headers.
    public var requestTimeout: Duration
    /// A connection is closed when a response has not been delivered (the client does not read it)
    /// this long after it was written.
    public var writeTimeout: Duration
    /// At most this many connections are open at once; further ones wait in the listen backlog.
    /// Keeps the server below its descriptor limit and bounds the memory of unread responses.
    public var maximumConnections: Int
    /// The version `GET /v2` reports.
    public var serverVersion: String

    /// One MiB holds about ten thousand iris rows as records.
    public static let defaultMaximumBodyBytes = 1 << 20
    public static let defaultIdleTimeout = Duration.seconds(30)
    public static let defaultRequestTimeout = Duration.seconds(60)
    public static let defaultWriteTimeout = Duration.seconds(30)
    /// Far below the usual 1024 descriptors a process may open.
    public static let defaultMaximumConnections = 256

    /// A configuration; only the version has no default.
    public init(
        host: String = "127.0.0.1", port: Int = 8000, maximumBodyBytes: Int = defaultMaximumBodyBytes,
        idleTimeout: Duration = defaultIdleTimeout, requestTimeout: Duration = defaultRequestTimeout,
        writeTimeout: Duration = defaultWriteTimeout, maximumConnections: Int = defaultMaximumConnections,
        serverVersion: String
    ) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.writeTimeout = writeTimeout
        self.maximumConnections = maximumConnections
        self.serverVersion = serverVersion
    }
}

/// The address a running server is bound to.
public struct ListeningAddress: Sendable, Equatable {
    /// The host the server was asked to bind, as given.
    public let host: String
    /// The bound port: the one the system picked when 0 was asked for.
    public let port: Int

    /// `http://host:port`, with an IPv6 host in brackets.
    public var url: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)" }
}

/// An HTTP server for one deployed bundle, speaking the Open Inference
/// Protocol (KServe v2 REST) and a plain `POST /predict` for JSON records.
public struct ModelServer: Sendable {
    /// The model it serves.
    public let model: ServedModel
    /// Where it listens and how much it reads.
    public let configuration: ServerConfiguration
    let logger: Logger

    /// - Parameter logger: where the server's own diagnostics go; silent by default,
    ///   since a library does not print.
    public init(model: ServedModel, configuration: ServerConfiguration, logger: Logger? = nil) {
        self.model = model
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "mlx.serve", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// The Hummingbird application serving the model; `onListening` runs once
    /// the socket is bound. In-process tests drive it with HummingbirdTesting.
    public func application(onListening: @escaping @Sendable (ListeningAddress) async -> Void = { _ in }) -> Application<ServingResponder> {
        let responder = ServingResponder(
            model: model, metrics: ServingMetrics(model: model), maximumBodyBytes: configuration.maximumBodyBytes,
            serverVersion: configuration.serverVersion)
        let host = configuration.host, port = configuration.port
        return Application(
            responder: responder,
            server: ServingChannel.builder(configuration),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port), serverName: "mlx/\(configuration.serverVersion)",
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.maximumConnections, logger: logger)),
            onServerRunning: { channel in await onListening(ListeningAddress(host: host, port: channel.localAddress?.port ?? port)) },
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then stops accepting connections and
    /// returns once the requests in flight have been answered. Idle connections close at
    /// once; the timeouts bound how long a slow or stalled client can hold the shutdown.
    public func run(onListening: @escaping @Sendable (ListeningAddress) async -> Void = { _ in }) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [application(onListening: onListening)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
