import ArgumentParser
import Dispatch
import Console
import Foundation
import Logging
import Numerics
import Runs
import Serving

/// `mlx serve NAME[@VERSION]` or `mlx serve --bundle DIR`: one deployed model over HTTP.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a deployed model over HTTP: the Open Inference Protocol (KServe v2) and POST /predict.",
        discussion: """
            The bundle's checksums are verified before the server listens; a changed bundle is refused. \
            When listening, one line is printed: serving NAME version N on http://HOST:PORT. \
            SIGTERM or SIGINT stops accepting connections and exits 0 once requests in flight are answered. \
            Exit codes: 0 stopped by a signal; 64 bad usage, an unknown model, a refused bundle, or an address that cannot be bound. \
            See docs/serving.md for the endpoints.
            """
    )

    @ArgumentParser.Argument(help: ArgumentHelp("The deployed model: a name (its latest version) or name@version.", valueName: "model"))
    var model: String?

    @Option(help: ArgumentHelp("Serve the bundle in this folder instead of one from the registry (containers).", valueName: "dir"))
    var bundle: String?

    @Option(help: "The address to listen on (0.0.0.0 for every interface).")
    var host = "127.0.0.1"

    // The numeric options take the next word whatever it looks like, so that `--port -1` gets the
    // range error of `validate()`, not "missing value" (a negative number looks like an option).
    @Option(parsing: .unconditional, help: "The port to listen on; 0 picks a free one.")
    var port = 8000

    @Option(name: .customLong("max-body"), parsing: .unconditional, help: ArgumentHelp("Larger request bodies get 413.", valueName: "bytes"))
    var maxBody = ServerConfiguration.defaultMaximumBodyBytes

    @Option(name: .customLong("idle-timeout"), parsing: .unconditional, help: ArgumentHelp("Close a connection with no request, or only part of its headers, after this long.", valueName: "seconds"))
    var idleTimeout = Self.seconds(ServerConfiguration.defaultIdleTimeout)

    @Option(name: .customLong("request-timeout"), parsing: .unconditional, help: ArgumentHelp("Close a connection whose request body has not all arrived this long after its headers.", valueName: "seconds"))
    var requestTimeout = Self.seconds(ServerConfiguration.defaultRequestTimeout)

    @Option(name: .customLong("write-timeout"), parsing: .unconditional, help: ArgumentHelp("Close a connection whose response the client has not read after this long.", valueName: "seconds"))
    var writeTimeout = Self.seconds(ServerConfiguration.defaultWriteTimeout)

    @Option(name: .customLong("max-connections"), parsing: .unconditional, help: "Connections open at once; more wait to be accepted.")
    var maxConnections = ServerConfiguration.defaultMaximumConnections

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard (model == nil) != (bundle == nil) else { throw ValidationError("give either a model (name or name@version) or --bundle DIR") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard maxBody > 0 else { throw ValidationError("--max-body must be a positive number of bytes") }
        for (name, value) in [("--idle-timeout", idleTimeout), ("--request-timeout", requestTimeout), ("--write-timeout", writeTimeout)] {
            guard value >= 0.001, value <= 86_400 else { throw ValidationError("\(name) must be from 0.001 to 86400 seconds") }
        }
        guard maxConnections > 0 else { throw ValidationError("--max-connections must be a positive number") }
    }

    func run() throws {
        let served = try servedModel()
        // Requests are the unit of concurrency: a BLAS call spreading one small
        // batch over every core would only contend with the other requests.
        NumericEnvironment.setBLASThreads(1)
        let configuration = ServerConfiguration(
            host: host, port: port, maximumBodyBytes: maxBody, idleTimeout: .seconds(idleTimeout), requestTimeout: .seconds(requestTimeout),
            writeTimeout: .seconds(writeTimeout), maximumConnections: maxConnections, serverVersion: MLXVersion.current)
        let server = ModelServer(model: served, configuration: configuration, logger: Self.warningsToStandardError())
        let name = served.name, version = served.version
        do {
            try Self.wait {
                try await server.run { address in
                    ProcessOutput.standardOutput("serving \(name) version \(version) on \(address.url)\n")
                }
            }
        } catch {
            throw CommandFailure("cannot serve on \(host):\(port): \(error)")
        }
    }

    /// The bundle named on the command line, opened and verified.
    private func servedModel() throws -> ServedModel {
        let directory: String
        if let bundle {
            directory = bundle
        } else {
            do { directory = try ModelRegistry(store: try storeOptions.open()).resolve(model ?? "").directory } catch let error as StoreError {
                throw CommandFailure(error.message)
            }
        }
        do { return try ServedModel(bundle: try ModelBundle(directory: directory)) } catch {
            throw CommandFailure("not serving: \(error.message)")
        }
    }

    private static func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) }

    private static func warningsToStandardError() -> Logger {
        Logger(label: "mlx.serve") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
    }

    /// Runs `work` to its end from this synchronous command.
    private static func wait(for work: @escaping @Sendable () async throws -> Void) throws {
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Task {
            do { try await work() } catch { outcome.error = error }
            finished.signal()
        }
        finished.wait()
        if let error = outcome.error { throw error }
    }

    /// Written by the task before it signals, read after the wait: the semaphore orders the two.
    private final class Outcome: @unchecked Sendable {
        var error: (any Error)?
    }
}
