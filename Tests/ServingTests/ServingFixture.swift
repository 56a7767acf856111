import Console
import Foundation
import Hummingbird
import HummingbirdTesting
import Language
import Runs
import Synchronization
import Testing

@testable import Serving

/// Models deployed by a real script run, one of each kind a bundle can hold:
/// a classifier on numbers (iris), one on categories and integers (penguins),
/// one on booleans (smokers), a regression (diabetes) and a clustering (groups).
/// The interpreter that trained them stays, so tests can ask the language's
/// own `predict` for comparison.
final class ServingFixture: Sendable {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = Result { try ServingFixture() }

    static func get() throws -> ServingFixture { try shared.get() }

    let store: String
    private let interpreter: Mutex<Interpreter>

    private init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-serving-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = folder.appendingPathComponent("store").path
        try Self.smokers.write(to: folder.appendingPathComponent("smokers.csv"), atomically: true, encoding: .utf8)
        var host = FileSystemHost(workingDirectory: folder.path)
        let location = store
        host.deployer = { request in try ModelRegistry(store: try RunStore(directory: location)).deploy(request, lineage: nil) }
        let interpreter = Interpreter(host: host)
        try Self.run(Self.script, in: interpreter)
        self.interpreter = Mutex(interpreter)
    }

    /// Every bundle kind, trained the way a user's script would.
    static var script: String {
        let data = root.appendingPathComponent("datasets").path
        return """
            seed 7
            iris = load "\(data)/iris.csv"
            iris_features = preprocess iris:
                standardize sepal_length, sepal_width, petal_length, petal_width
            iris_model = train logistic on iris_features target species
            deploy iris_model as "iris"
            penguins = load "\(data)/penguins.csv"
            penguin_features = preprocess penguins:
                drop_missing bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g, sex
                one_hot island, sex
                standardize bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g
            penguin_model = train logistic on penguin_features target species
            deploy penguin_model as "penguins"
            smokers = load "smokers.csv"
            smoker_model = train logistic on smokers target risk
            deploy smoker_model as "smokers"
            diabetes = load "\(data)/diabetes.csv"
            diabetes_model = train linear on diabetes target progression
            deploy diabetes_model as "diabetes"
            measurements = preprocess iris:
                drop species
            group_model = train kmeans on measurements with k = 3
            deploy group_model as "groups"

            """
    }

    /// A small table with a boolean column.
    static let smokers: String = {
        var lines = ["age,smoker,risk"]
        for i in 0..<40 {
            let age = 20 + (i * 37) % 60, smoker = i % 3 != 0
            lines.append("\(age),\(smoker),\((age > 50 ? 1 : 0) + (smoker ? 1 : 0) + (i % 5 == 0 ? 1 : 0) >= 2 ? "high" : "low")")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    private static func run(_ text: String, in interpreter: Interpreter) throws {
        let source = SourceFile(name: "fixture.mlx", text: text)
        let (program, diagnostics) = Parser.parse(source)
        if let first = diagnostics.first { throw FixtureError(message: "\(first)") }
        for (index, statement) in program.statements.enumerated() {
            do { try interpreter.run(statement, in: source, cell: index + 1) } catch { throw FixtureError(message: "\(error)") }
        }
    }

    /// The value of an expression in the script's interpreter, e.g. `predict(iris_model, [...])`.
    func evaluate(_ expression: String) throws -> Value {
        try interpreter.withLock { interpreter in
            let source = SourceFile(name: "check.mlx", text: expression + "\n")
            let (program, diagnostics) = Parser.parse(source)
            guard diagnostics.isEmpty, let statement = program.statements.first else { throw FixtureError(message: "\(diagnostics)") }
            let value: Value?
            do { value = try interpreter.run(statement, in: source, cell: 1) } catch { throw FixtureError(message: "\(error)") }
            guard let value else { throw FixtureError(message: "\(expression) has no value") }
            return value
        }
    }

    /// The bundle deployed as `name`, ready to serve.
    func model(_ name: String) throws -> ServedModel {
        let entry = try ModelRegistry(store: try RunStore.existing(at: store)).resolve(name)
        return try ServedModel(bundle: try ModelBundle(directory: entry.directory))
    }

    /// A server for `name` with a small body limit, so tests can exceed it cheaply.
    func server(_ name: String, maximumBodyBytes: Int = 4096) throws -> ModelServer {
        ModelServer(model: try model(name), configuration: ServerConfiguration(port: 0, maximumBodyBytes: maximumBodyBytes, serverVersion: "test"))
    }

    struct FixtureError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

/// A response as the tests read it: status, content type and JSON.
struct Reply {
    let status: Int
    let headers: HTTPFields
    let text: String

    var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var error: String? { object["error"] as? String }
}

extension TestClientProtocol {
    /// Sends `body` (JSON by default) and reads the reply.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, contentType: String? = "application/json", headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let contentType, body != nil { headers[.contentType] = contentType }
        let response = try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Reply(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
    }
}
