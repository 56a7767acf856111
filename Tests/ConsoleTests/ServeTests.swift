import Foundation
import Glibc
import Learning
import Runs
import Tables
import Testing
import TestSupport

/// `mlx serve` as a real process: deploy with `mlx run`, serve on a free port,
/// predict over HTTP from Python and from a real Open Inference Protocol
/// client, load it with wrk, and stop it with SIGTERM while a request is in flight.
@Suite(.serialized) struct ServeTests {
    /// Iris rows in input order (sepal length, sepal width, petal length, petal width).
    static let rows: [[Double]] = [
        [5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2], [6.0, 2.7, 5.1, 1.6], [6.3, 3.3, 6.0, 2.5],
        [5.9, 3.0, 4.2, 1.5], [6.7, 3.0, 5.0, 1.7], [5.0, 3.6, 1.4, 0.2], [7.7, 2.6, 6.9, 2.3],
    ]
    static let columns = ["sepal_length", "sepal_width", "petal_length", "petal_width"]

    static func record(_ row: [Double]) -> String {
        "{" + zip(columns, row).map { "\"\($0)\": \($1)" }.joined(separator: ", ") + "}"
    }

    /// A label and class probabilities per row.
    struct Predictions: Equatable {
        var labels: [String] = []
        var probabilities: [[UInt64]] = []

        /// Lines of `label p1 p2 p3`, probabilities in shortest round-trip form.
        init(lines: String) {
            for line in lines.split(separator: "\n") {
                let parts = line.split(separator: " ")
                labels.append(String(parts.first ?? ""))
                probabilities.append(parts.dropFirst().map { Double($0)?.bitPattern ?? 0 })
            }
        }

        init(labels: [String], probabilities: [[UInt64]]) {
            self.labels = labels
            self.probabilities = probabilities
        }
    }

    /// What the bundle's model predicts in this process for `rows`, built as the language builds rows.
    static func inProcess(_ bundle: ModelBundle) throws -> Predictions {
        let table = try Table(columns: columns.enumerated().map { index, name in Column.numbers(name, rows.map { $0[index] }) })
        guard case .classes(let codes, let probabilities) = try bundle.model.predict(table), let labels = bundle.model.classLabels else {
            throw ServeFailure(message: "the iris model is not a classifier")
        }
        return Predictions(
            labels: codes.map { labels[$0] },
            probabilities: (0..<probabilities.rows).map { row in (0..<probabilities.columns).map { probabilities[row, $0].bitPattern } })
    }

    @Test func servesTheDeployedModelLikeTheModelInProcessAndStopsOnSIGTERM() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-serve-\(UUID().uuidString)").path
        let run = try CommandLineTests.mlx(["run", "scripts/iris_logistic.mlx"], environment: ["MLX_STORE": store])
        #expect(run.status == 0, "\(run.err)")
        let bundle = try ModelBundle(directory: store + "/registry/iris/1")
        let expected = try Self.inProcess(bundle)

        let server = try ServerProcess(arguments: ["serve", "iris", "--port", "0"], store: store)
        defer { server.stop() }
        #expect(server.banner.hasPrefix("serving iris version 1 on http://127.0.0.1:"))

        guard PythonChecker.isAvailable else { return }
        #expect(try Self.predictFromPython(port: server.port, classes: bundle.model.classLabels ?? []) == expected)
        #expect(try Self.predictWithTritonClient(port: server.port) == expected)
        try Self.loadWithWrk(port: server.port)
        try Self.finishInFlightRequestOnSIGTERM(server)
    }

    @Test func aChangedBundleIsRefusedBeforeListening() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-serve-\(UUID().uuidString)").path
        #expect(try CommandLineTests.mlx(["run", "scripts/iris_logistic.mlx"], environment: ["MLX_STORE": store]).status == 0)
        let model = store + "/registry/iris/1/model.json"
        // Linked from outside the bundle folder, the same file is refused.
        let outside = store + "/model-outside.json"
        try FileManager.default.moveItem(atPath: model, toPath: outside)
        try FileManager.default.createSymbolicLink(atPath: model, withDestinationPath: outside)
        let linked = try CommandLineTests.mlx(["serve", "iris", "--host", Self.foreignAddress, "--port", "0"], environment: ["MLX_STORE": store])
        #expect(linked.status == 64)
        #expect(linked.err == "mlx: not serving: \(model) is a symbolic link (to \(outside)); a bundle's files must be in its folder, not linked from elsewhere\n")
        try FileManager.default.removeItem(atPath: model)
        try FileManager.default.moveItem(atPath: outside, toPath: model)
        try (try String(contentsOfFile: model, encoding: .utf8)).replacingOccurrences(of: "\"converged\":true", with: "\"converged\":false")
            .write(toFile: model, atomically: true, encoding: .utf8)
        let refused = try CommandLineTests.mlx(["serve", "--bundle", store + "/registry/iris/1", "--port", "0"])
        #expect(refused.status == 64)
        #expect(refused.err.hasPrefix("mlx: not serving: checksum mismatch for \(model): expected "))
        #expect(refused.out.isEmpty)
        let unknown = try CommandLineTests.mlx(["serve", "dogs"], environment: ["MLX_STORE": store])
        #expect(unknown.status == 64)
        #expect(unknown.err == "mlx: no model named 'dogs' (deployed models: iris)\n")
    }

    /// A bundle edited after deploy, its checksums written anew, passes the checksums; a model document
    /// whose parameters contradict each other is still refused before listening, rather than crashing
    /// the server at its first request.
    @Test func aModelDocumentThatContradictsItselfIsRefusedBeforeListening() throws {
        let (bundle, err) = try Self.serveRefusal(editing: "model.json") { document in
            var parameters = try #require(document["parameters"] as? [String: Any])
            parameters["classCount"] = -1
            document["parameters"] = parameters
        }
        #expect(
            err == "mlx: not serving: \(bundle)/model.json: the logistic parameters do not fit the model document: classCount is -1, expected 3 (the classes the document lists)\n")
    }

    /// The same for the model's preprocessing: a polynomial step of degree 0, written anew with its
    /// checksums, is refused before listening instead of trapping the server at its first request.
    @Test func preprocessingThatContradictsItselfIsRefusedBeforeListening() throws {
        let (bundle, err) = try Self.serveRefusal(editing: "model.json") { document in
            var preprocessing = try #require(document["preprocessing"] as? [String: Any])
            let polynomial: [String: Any] = [
                "step": "polynomial", "parameters": ["columns": ["sepal_length"], "degree": 0, "includeBias": false, "interactionOnly": false],
            ]
            preprocessing["steps"] = (preprocessing["steps"] as? [Any] ?? []) + [polynomial]
            document["preprocessing"] = preprocessing
        }
        #expect(err == "mlx: not serving: \(bundle)/model.json: preprocessing step 3 (polynomial): degree is 0, expected at least 1 (the highest total degree of a term)\n")
    }

    /// A step that reads a column no input gives makes every request fail: the bundle is refused
    /// before listening, with the step's own words.
    @Test func aBundleWhoseInputsCannotReachTheModelIsRefusedBeforeListening() throws {
        let (bundle, err) = try Self.serveRefusal(editing: "model.json") { document in
            var preprocessing = try #require(document["preprocessing"] as? [String: Any])
            var steps = try #require(preprocessing["steps"] as? [[String: Any]])
            let standardize = try #require(steps.firstIndex { $0["step"] as? String == "standardize" })
            var parameters = try #require(steps[standardize]["parameters"] as? [String: Any])
            var columns = try #require(parameters["columns"] as? [[String: Any]])
            #expect(columns[0]["name"] as? String == "sepal_length")
            columns[0]["name"] = "sepal_lenght"
            parameters["columns"] = columns
            steps[standardize]["parameters"] = parameters
            preprocessing["steps"] = steps
            document["preprocessing"] = preprocessing
        }
        #expect(
            err
                == "mlx: not serving: \(bundle): rows of the inputs bundle.json lists cannot reach the model: standardize was fitted on column 'sepal_lenght', which this table does not have; did you mean 'sepal_length'?\n")
    }

    /// The manifest's name goes into the line the server prints and into its URLs: one that deploy
    /// would have refused (control characters that clear a terminal, say) is refused before listening,
    /// and the refusal shows it without sending those characters to the terminal.
    @Test func aBundleWhoseNameIsNotAModelNameIsRefusedBeforeListening() throws {
        let (bundle, err) = try Self.serveRefusal(editing: "bundle.json") { $0["name"] = "iris\n\u{1B}[2J" }
        #expect(
            err
                == "mlx: not serving: \(bundle)/bundle.json: a model name is 1 to 48 lowercase letters, digits and dashes, not starting or ending with a dash (it names a Kubernetes Deployment), got \"iris\u{240A}\u{241B}[2J\"\n"
        )
    }

    /// Deploys the iris example into a store of its own, edits `file` of its bundle as JSON and writes
    /// its checksums anew, as a tool editing a bundle would; then checks that `mlx serve` refuses it
    /// before listening (exit 64, nothing printed) and returns the bundle's folder and what serve said.
    static func serveRefusal(editing file: String, _ edit: (inout [String: Any]) throws -> Void) throws -> (bundle: String, err: String) {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-serve-\(UUID().uuidString)").path
        #expect(try CommandLineTests.mlx(["run", "scripts/iris_logistic.mlx"], environment: ["MLX_STORE": store]).status == 0)
        let bundle = store + "/registry/iris/1", path = bundle + "/" + file
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        try edit(&document)
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        try BundleChecksums.rewrite(in: bundle)
        let refused = try CommandLineTests.mlx(["serve", "--bundle", bundle, "--host", foreignAddress, "--port", "0"])
        #expect(refused.status == 64)
        #expect(refused.out.isEmpty)
        return (bundle, refused.err)
    }


    /// SIGTERM while a response of megabytes is still on its way to a client reading it: the client
    /// gets all of it (a graceful shutdown used to close the connection with it half sent), and the
    /// server exits 0.
    @Test func aLargeResponseInFlightIsDeliveredWholeOnSIGTERM() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-serve-\(UUID().uuidString)").path
        #expect(try CommandLineTests.mlx(["run", "scripts/iris_logistic.mlx"], environment: ["MLX_STORE": store]).status == 0)
        let server = try ServerProcess(arguments: ["serve", "iris", "--port", "0", "--max-body", "100000000"], store: store)
        defer { server.stop() }
        // About 6 MB of answer, to a client whose kernel holds 16 KiB of it: more than the socket
        // buffers on both sides take, so most of it is still queued in the server at SIGTERM.
        let body = "[" + Array(repeating: Self.record(Self.rows[0]), count: 60_000).joined(separator: ",") + "]"
        let connection = try LoopbackConnection(port: server.port, receiveTimeout: 0.1, receiveBuffer: 16 << 10)
        try connection.send("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        // The answer has started: all of it is written, most of it still queued in the server.
        let start = connection.receive(until: "\r\n\r\n", seconds: 60).text
        let headEnd = try #require(start.range(of: "\r\n\r\n"))
        let length = try #require(
            start[..<headEnd.lowerBound].split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length: ") }.flatMap { Int($0.dropFirst(16)) })
        kill(server.process.processIdentifier, SIGTERM)
        Thread.sleep(forTimeInterval: 0.5)
        let rest = connection.receive(seconds: 30)
        let received = start[headEnd.upperBound...].utf8.count + rest.text.utf8.count
        #expect(start.hasPrefix("HTTP/1.1 200"))
        #expect(received == length)
        #expect(rest.closed)
        #expect(server.waitForExit(seconds: 20) == 0)
    }

    /// No address of this machine (TEST-NET-1): a server that wrongly accepted what a test expects
    /// refused fails to bind and exits, rather than serving until the test is killed.
    static let foreignAddress = "192.0.2.1"

    /// The command line is as strict as the server's URLs: a version is written one way, and a
    /// negative number is refused for its range, not taken for a missing value.
    @Test func aVersionOrNumberThatIsNotExactIsRefused() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-serve-\(UUID().uuidString)").path
        #expect(try CommandLineTests.mlx(["run", "scripts/iris_logistic.mlx"], environment: ["MLX_STORE": store]).status == 0)
        let refusals = [
            (["iris@"], "mlx: 'iris@' names no version: give iris@VERSION (versions 1 to 1), or iris for the latest\n"),
            (["iris@01"], "mlx: 'iris' has no version '01': a version is a whole number without leading zeros or a sign (versions 1 to 1)\n"),
            (["iris@+1"], "mlx: 'iris' has no version '+1': a version is a whole number without leading zeros or a sign (versions 1 to 1)\n"),
            (["iris@2"], "mlx: 'iris' has no version 2 (versions 1 to 1)\n"),
        ]
        for (arguments, message) in refusals {
            let refused = try CommandLineTests.mlx(["serve"] + arguments + ["--host", Self.foreignAddress, "--port", "0"], environment: ["MLX_STORE": store])
            #expect(refused.status == 64, "\(arguments)")
            #expect(refused.err == message)
            #expect(refused.out.isEmpty)
        }
        for (option, value, message) in [
            ("--port", "-1", "--port must be from 0 to 65535"), ("--port", "99999", "--port must be from 0 to 65535"),
            ("--max-body", "-5", "--max-body must be a positive number of bytes"),
            ("--write-timeout", "-1", "--write-timeout must be from 0.001 to 86400 seconds"),
            ("--max-connections", "-2", "--max-connections must be a positive number"),
        ] {
            let refused = try CommandLineTests.mlx(["serve", "iris", option, value], environment: ["MLX_STORE": store])
            #expect(refused.status == 64, "\(option) \(value)")
            #expect(refused.err.hasPrefix("Error: \(message)\n"), "\(refused.err)")
        }
    }

    /// `POST /predict` through Python's urllib and json (an independent, correctly rounding reader).
    static func predictFromPython(port: Int, classes: [String]) throws -> Predictions {
        let code = """
            import json, sys, urllib.request
            port, body, classes = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
            request = urllib.request.Request(f"http://127.0.0.1:{port}/predict", data=body.encode(), headers={"Content-Type": "application/json"})
            reply = json.load(urllib.request.urlopen(request, timeout=30))
            assert reply["model"] == "iris" and reply["version"] == 1, reply
            for label, probabilities in zip(reply["predictions"], reply["probabilities"]):
                print(label, " ".join(repr(float(probabilities[c])) for c in classes))
            """
        let body = #"{"rows": ["# + rows.map(record).joined(separator: ", ") + "]}"
        return Predictions(lines: try PythonChecker.run(code, arguments: [String(port), body, classes.joined(separator: ",")]))
    }

    /// The same rows through tritonclient's HTTP client, one FP64 tensor per column, JSON (not binary) tensors.
    static func predictWithTritonClient(port: Int) throws -> Predictions {
        let code = """
            import json, sys
            import numpy as np
            import tritonclient.http as httpclient
            port, rows = sys.argv[1], np.array(json.loads(sys.argv[2]), dtype=np.float64)
            client = httpclient.InferenceServerClient(url=f"127.0.0.1:{port}")
            assert client.is_server_live() and client.is_server_ready() and client.is_model_ready("iris", "1")
            metadata = client.get_model_metadata("iris")
            assert metadata["platform"] == "mlx" and metadata["versions"] == ["1"], metadata
            inputs = []
            for column, tensor in enumerate(metadata["inputs"]):
                assert tensor["datatype"] == "FP64" and tensor["shape"] == [-1], tensor
                infer_input = httpclient.InferInput(tensor["name"], [len(rows)], "FP64")
                infer_input.set_data_from_numpy(rows[:, column].copy(), binary_data=False)
                inputs.append(infer_input)
            outputs = [httpclient.InferRequestedOutput(name, binary_data=False) for name in ("predict", "probabilities")]
            result = client.infer("iris", inputs, outputs=outputs, request_id="e2e", model_version="1")
            assert result.get_response()["id"] == "e2e" and result.get_response()["model_version"] == "1"
            labels, probabilities = result.as_numpy("predict"), result.as_numpy("probabilities")
            assert probabilities.shape == (len(rows), 3), probabilities.shape
            for label, row in zip(labels, probabilities):
                label = label.decode() if isinstance(label, bytes) else str(label)
                print(label, " ".join(repr(float(p)) for p in row))
            """
        let json = "[" + rows.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
        return Predictions(lines: try PythonChecker.run(code, arguments: [String(port), json]))
    }

    /// Three seconds of 16 connections posting single rows: no socket errors and no non-2xx answer.
    static func loadWithWrk(port: Int) throws {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "wrk is missing: dev/system-packages.sh installs it")
            return
        }
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-serve-post-\(UUID().uuidString).lua").path
        let body = record(rows[0]).replacingOccurrences(of: "\"", with: "\\\"")
        try "wrk.method = \"POST\"\nwrk.body = \"\(body)\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        let (_, output) = try DeployTests.run(wrk, ["-t2", "-c16", "-d3s", "--timeout", "5s", "--latency", "-s", script, "http://127.0.0.1:\(port)/predict"])
        #expect(!output.contains("Socket errors"), "\(output)")
        #expect(!output.contains("Non-2xx"), "\(output)")
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let throughput = lines.first { $0.hasPrefix("Requests/sec:") } ?? "no Requests/sec line"
        let p50 = lines.first { $0.hasPrefix("50%") } ?? "no 50% line", p99 = lines.first { $0.hasPrefix("99%") } ?? "no 99% line"
        print("mlx serve under wrk -t2 -c16 -d3s (debug build): \(throughput); latency p50 \(p50.dropFirst(3).trimmingCharacters(in: .whitespaces)), p99 \(p99.dropFirst(3).trimmingCharacters(in: .whitespaces))")
        #expect(throughput.hasPrefix("Requests/sec:"), "\(output)")
    }

    /// SIGTERM arrives between a request's headers and the end of its body: the
    /// request is still answered, then the server exits 0 and the port closes.
    static func finishInFlightRequestOnSIGTERM(_ server: ServerProcess) throws {
        let body = record(rows[0])
        let connection = try LoopbackConnection(port: server.port)
        try connection.send("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
        try connection.send(String(body.prefix(10)))
        Thread.sleep(forTimeInterval: 0.2)
        kill(server.process.processIdentifier, SIGTERM)
        Thread.sleep(forTimeInterval: 0.2)
        try connection.send(String(body.dropFirst(10)))
        let response = try connection.readResponse()
        #expect(response.status == 200)
        #expect(response.body.hasPrefix(#"{"predictions":["setosa"]"#))
        #expect(server.waitForExit(seconds: 20) == 0)
        #expect(throws: (any Error).self) { try LoopbackConnection(port: server.port) }
    }
}

struct ServeFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// `mlx serve` running in the background, with the port it printed.
final class ServerProcess {
    let process = Process()
    let banner: String
    let port: Int

    init(arguments: [String], store: String) throws {
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = arguments
        process.currentDirectoryURL = ScriptCorpusTests.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(["MLX_STORE": store]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        banner = Self.firstLine(of: out.fileHandleForReading, seconds: 60)
        guard let colon = banner.lastIndex(of: ":"), let port = Int(banner[banner.index(after: colon)...]) else {
            process.terminate()
            throw ServeFailure(message: "mlx serve printed no address: '\(banner)'")
        }
        self.port = port
    }

    /// The first line the process prints, or what it printed before closing or timing out.
    private static func firstLine(of handle: FileHandle, seconds: Double) -> String {
        let done = DispatchSemaphore(value: 0)
        let line = LineBox()
        DispatchQueue.global().async {
            var bytes = [UInt8]()
            while !bytes.contains(UInt8(ascii: "\n")) {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                bytes += chunk
            }
            line.text = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
            done.signal()
        }
        _ = done.wait(timeout: .now() + seconds)
        return line.text
    }

    /// Written before the semaphore is signalled, read after the wait.
    private final class LineBox: @unchecked Sendable {
        var text = ""
    }

    /// The exit status, or nil if it did not exit in time.
    func waitForExit(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        if waitForExit(seconds: 10) == nil { kill(process.processIdentifier, SIGKILL) }
    }
}
