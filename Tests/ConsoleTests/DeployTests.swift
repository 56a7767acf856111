import Foundation
import Testing

/// `deploy` from a real `mlx run`: a versioned bundle whose Dockerfile and
/// Kubernetes manifests pass real validators, listed by `mlx models`, and
/// refused after a failed assert.
@Suite struct DeployTests {
    static func tool(_ name: String) -> String { PythonChecker.root.appendingPathComponent(".venv/bin/\(name)").path }

    /// Runs a validator from the project's Python environment; returns its exit status and output.
    static func validate(_ tool: String, _ arguments: [String]) throws -> (Int32, String) {
        try run(Self.tool(tool), arguments)
    }

    /// Runs `executable` to its end; returns its exit status and its standard output and error together.
    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func theExampleDeploysABundleThatPassesValidators() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-deploy-\(UUID().uuidString)").path
        let run = try CommandLineTests.mlx(["run", "scripts/iris_logistic.mlx"], environment: ["MLX_STORE": store])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.hasSuffix("deployed iris version 1 (serve it with: mlx serve iris@1)\n"))
        let again = try CommandLineTests.mlx(["run", "scripts/iris_logistic.mlx", "--set", "c=0.5"], environment: ["MLX_STORE": store])
        #expect(again.out.hasSuffix("deployed iris version 2 (serve it with: mlx serve iris@2)\n"))

        let listed = try CommandLineTests.mlx(["models", "--json"], environment: ["MLX_STORE": store])
        let models = try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]])
        #expect(models.map { $0["version"] as? Int } == [1, 2])
        #expect(models.map { $0["run"] as? Int } == [1, 2])
        // Paths as they are written, like every other --json of mlx.
        #expect(listed.out.contains("\"bundle\" : \"\(store)/registry/iris/1\""), "\(listed.out)")

        let bundle = store + "/registry/iris/2"
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bundle + "/bundle.json"))) as? [String: Any]
        let lineage = try #require(manifest?["lineage"] as? [String: Any])
        let (gitStatus, head) = try Self.run("/usr/bin/git", ["-C", PythonChecker.root.path, "rev-parse", "HEAD"])
        if gitStatus == 0 {
            let git = try #require(lineage["git"] as? [String: Any], "the lineage names the commit the run was recorded at")
            #expect(git["commit"] as? String == head.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let text = try CommandLineTests.mlx(["models"], environment: ["MLX_STORE": store]).out
        #expect(text.hasPrefix("name  version  estimator  run  deployed          metrics\niris  1        logistic   #1   "))

        guard PythonChecker.isAvailable else { return }
        let (k8s, k8sOutput) = try Self.validate("kubernetes-validate", ["--strict", bundle + "/k8s/deployment.yaml", bundle + "/k8s/service.yaml"])
        #expect(k8s == 0, "\(k8sOutput)")
        #expect(k8sOutput.contains("passed for resource deployment/mlx-iris"))
        #expect(k8sOutput.contains("passed for resource service/mlx-iris"))
        let (lint, lintOutput) = try Self.validate("hadolint", [bundle + "/Dockerfile"])
        #expect(lint == 0, "\(lintOutput)")
    }

    @Test func aFailedAssertStopsTheDeploy() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-deploy-\(UUID().uuidString)").path
        let script = try CommandLineTests.script(
            "iris = load \"datasets/iris.csv\"\nmodel = train naive_bayes on iris target species\nassert 1 == 2, \"gate\"\ndeploy model as \"iris\"\n")
        let run = try CommandLineTests.mlx(["run", script], environment: ["MLX_STORE": store, "NO_COLOR": "1"])
        #expect(run.status == 1, "the failed assert decides the outcome; the refused deploy is reported")
        #expect(run.err.contains("error: not deploying: 1 assert failed earlier in this run"))
        #expect(!FileManager.default.fileExists(atPath: store + "/registry/iris"))
    }

    /// A bundle's metrics are its model's, not those of another model the run tested later.
    @Test func aBundleCarriesTheMetricsOfItsOwnModel() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-deploy-\(UUID().uuidString)").path
        let script = try CommandLineTests.script(
            "seed 1\niris = load \"datasets/iris.csv\"\ntr, te = split iris 0.7 stratify species\ngood = train logistic on tr target species\n"
                + "print(round((test good on te).accuracy, 6))\nbad = train knn on tr target species with k = 100\nprint(round((test bad on te).accuracy, 6))\n"
                + "deploy good as \"iris\"\n")
        let run = try CommandLineTests.mlx(["run", script], environment: ["MLX_STORE": store, "NO_COLOR": "1"])
        #expect(run.status == 0, "\(run.err)")
        let accuracies = run.out.split(separator: "\n").prefix(2).compactMap { Double($0) }
        try #require(accuracies.count == 2 && accuracies[0] != accuracies[1], "\(run.out)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store + "/registry/iris/1/bundle.json"))) as? [String: Any]
        let metrics = try #require(manifest?["metrics"] as? [String: Double])
        #expect(metrics["accuracy"].map { ($0 * 1e6).rounded() / 1e6 } == accuracies[0])
    }

    /// `:reset` forgets a session's state, not its failed asserts: the session is still one run.
    @Test func aResetDoesNotOpenTheGateAFailedAssertClosed() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-deploy-\(UUID().uuidString)").path
        let train = "iris = load \"datasets/iris.csv\"\nmodel = train naive_bayes on iris target species\n"
        let session = "assert 1 == 2, \"gate\"\n:reset\n" + train + "deploy model as \"iris\"\n"
        let run = try CommandLineTests.mlx([], input: session, environment: ["MLX_STORE": store, "NO_COLOR": "1"])
        #expect(run.err.contains("error: not deploying: 1 assert failed earlier in this run"), "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: store + "/registry/iris"))
    }

    @Test func aBadNameIsPointedAt() throws {
        let script = try CommandLineTests.script("d = load \"datasets/iris.csv\"\nm = train naive_bayes on d target species\ndeploy m as \"My Model\"\n")
        let run = try CommandLineTests.mlx(["run", script], environment: ["NO_COLOR": "1"])
        #expect(run.status == 3)
        #expect(run.err.contains("error: a model name is 1 to 48 lowercase letters, digits and dashes"))
        #expect(run.err.contains("3 | deploy m as \"My Model\"\n    |             ^~~~~~~~~~"))
    }

    @Test func aBundleAsksOnlyForTheColumnsItsModelReads() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-deploy-\(UUID().uuidString)").path
        let script = try CommandLineTests.script("""
            seed 1
            iris = load "datasets/iris.csv"
            numbers = preprocess iris:
                drop species
            clusters = train kmeans on numbers with k = 3
            deploy clusters as "clusters"
            scaled = preprocess iris:
                drop_missing
                standardize
                select petal_length, petal_width
            petals = train linear on scaled target sepal_length
            deploy petals as "petals"
            """)
        let run = try CommandLineTests.mlx(["run", script], environment: ["MLX_STORE": store])
        #expect(run.status == 0, "\(run.err)")
        func inputs(_ name: String) throws -> [String] {
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store + "/registry/\(name)/1/bundle.json")))
            return ((manifest as? [String: Any])?["inputs"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        }
        #expect(try inputs("clusters") == ["sepal_length", "sepal_width", "petal_length", "petal_width"], "species is dropped before the model")
        // drop_missing reads every column; standardize and select leave the target alone.
        #expect(try inputs("petals") == ["sepal_width", "petal_length", "petal_width", "species"])
    }

    @Test func aModelTrainedOnRowsAndColumnsOfAPreprocessedTableShipsItsSteps() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-deploy-\(UUID().uuidString)").path
        let script = try CommandLineTests.script("""
            seed 1
            iris = load "datasets/iris.csv"
            scaled = preprocess iris:
                standardize
            petals = train knn on select(filter(scaled, scaled.sepal_length > -10), "petal_length", "petal_width", "species") target species
            deploy petals as "petals"
            """)
        let run = try CommandLineTests.mlx(["run", script], environment: ["MLX_STORE": store])
        #expect(run.status == 0, "\(run.err)")
        let bundle = URL(fileURLWithPath: store + "/registry/petals/1")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: bundle.appendingPathComponent("bundle.json"))) as? [String: Any]
        let inputs = (manifest?["inputs"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        // standardize reads every measurement, so a row brings them all; select then keeps the petals.
        #expect(inputs == ["sepal_length", "sepal_width", "petal_length", "petal_width"])
        let model = try JSONSerialization.jsonObject(with: Data(contentsOf: bundle.appendingPathComponent("model.json"))) as? [String: Any]
        let steps = ((model?["preprocessing"] as? [String: Any])?["steps"] as? [[String: Any]] ?? []).compactMap { $0["step"] as? String }
        #expect(steps == ["standardize", "select"], "the bundle prepares raw rows as the training rows were")
    }
}
