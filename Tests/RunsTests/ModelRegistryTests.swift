import Foundation
import Learning
import Numerics
import Tables
import Testing
import TestSupport

@testable import Language
@testable import Runs

/// The registry: versions, bundles that verify and predict like the model
/// they hold, and refusals for bad names and changed files.
@Suite struct ModelRegistryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func irisModel() throws -> (TrainedModel, Table) {
        let iris = try TableLoader.load(path: root.appendingPathComponent("datasets/iris.csv").path).table
        var random = RandomGenerator(seed: 1)
        let model = try TrainedModel.train("logistic", on: iris, target: "species", hyperparameters: [:], preprocessing: nil, random: &random)
        return (model, iris)
    }

    static func request(_ name: String = "iris") throws -> (DeployRequest, Table) {
        let (model, iris) = try irisModel()
        let inputs = iris.columns.filter { $0.name != "species" }.map { SchemaField(name: $0.name, type: $0.type) }
        return (DeployRequest(model: model, inputs: inputs, name: name), iris)
    }

    @Test func deploysAreNumberedVersionsWhoseBundlesPredictLikeTheModel() throws {
        let registry = ModelRegistry(store: try RunStoreTests.temporaryStore())
        let (request, iris) = try Self.request()
        let first = try registry.deploy(request, lineage: nil)
        let second = try registry.deploy(request, lineage: nil)
        #expect((first.version, second.version) == (1, 2))
        let bundle = try ModelBundle(directory: second.location)
        #expect(bundle.manifest.name == "iris" && bundle.manifest.version == 2)
        #expect(bundle.manifest.inputs.map(\.name) == ["sepal_length", "sepal_width", "petal_length", "petal_width"])
        #expect(bundle.manifest.classes == ["setosa", "versicolor", "virginica"])
        #expect(try bundle.model.predict(iris) == request.trained.predict(iris))
        #expect(try registry.entries().map(\.version) == [1, 2])
        #expect(try registry.resolve("iris").version == 2)
        #expect(try registry.resolve("iris@1").version == 1)
        #expect(throws: StoreError.self) { try registry.resolve("iris@3") }
        #expect(throws: StoreError.self) { try registry.resolve("roses") }
    }

    /// The metrics are what the model's last test reported, whatever else the run tested.
    @Test func theLineageNamesTheRunItsDataAndMetrics() throws {
        let store = try RunStoreTests.temporaryStore()
        let recorder = RunRecorder(store: store, start: RunStoreTests.start())
        recorder.beginCell()
        recorder.emit(.metric(name: "accuracy", value: 0.75))
        recorder.emit(.metric(name: "accuracy", value: 0.96))
        recorder.endCell(number: 1, source: "report = test model on t", succeeded: true, valueDigest: nil)
        recorder.beginCell()
        let request = try Self.request().0
        request.model.noteTest(Record([("accuracy", .number(0.96)), ("labels", .list([.string("setosa")]))]))
        let deployment = try ModelRegistry(store: store).deploy(request, lineage: recorder.record)
        let manifest = try ModelBundle(directory: deployment.location).manifest
        #expect(manifest.lineage.run == recorder.number)
        #expect(manifest.lineage.runID == recorder.record.contentID)
        #expect(manifest.metrics == ["accuracy": 0.96])
        let untested = try ModelRegistry(store: store).deploy(try Self.request().0, lineage: recorder.record)
        #expect(try ModelBundle(directory: untested.location).manifest.metrics.isEmpty, "a model never tested has no metrics of its own")
    }

    /// The id a bundle gives is the run's as it stood at the deploy; later cells extend the run's
    /// own, and the bundle's still names the run, as its name and version do.
    @Test func aBundlesRunIDAndNameAtVersionNameTheRunThatDeployedIt() throws {
        let store = try RunStoreTests.temporaryStore()
        let recorder = RunRecorder(store: store, start: RunStoreTests.start())
        recorder.beginCell()
        recorder.endCell(number: 1, source: "model = train logistic on t target species", succeeded: true, valueDigest: nil)
        recorder.beginCell()
        let deployment = try ModelRegistry(store: store).deploy(try Self.request().0, lineage: recorder.record)
        recorder.endCell(number: 2, source: "deploy model as \"iris\"", succeeded: true, valueDigest: nil)
        recorder.beginCell()
        recorder.endCell(number: 3, source: "1 + 1", succeeded: true, valueDigest: "d")
        recorder.finish(status: .ok, exitCode: 0)
        let number = try #require(recorder.number)
        let bundleID = try #require(try ModelBundle(directory: deployment.location).manifest.lineage.runID)
        #expect(try store.run(number).contentID != bundleID)
        #expect(try store.resolve(String(bundleID.prefix(8))) == number)
        #expect(try store.resolve("iris@1") == number)
        #expect(throws: StoreError.self) { try store.resolve("iris@2") }
        _ = try ModelRegistry(store: store).deploy(try Self.request().0, lineage: nil)
        let unrecorded = #expect(throws: StoreError.self) { try store.resolve("iris@2") }
        #expect(unrecorded?.message == "iris@2 was deployed by no recorded run")
    }

    /// Digits only are a run's number first; when no run has that number, they may be
    /// the start of the id a bundle's lineage gives (about one id in forty begins with eight).
    @Test func aBundlesRunIDOfDigitsOnlyNamesTheRunThatDeployedIt() throws {
        let store = try RunStoreTests.temporaryStore()
        var attempts = 0
        while true {
            attempts += 1
            let recorder = RunRecorder(store: store, start: RunStoreTests.start())
            recorder.beginCell()
            recorder.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: "d")
            let record = recorder.record
            guard record.contentID.prefix(8).allSatisfy(\.isNumber) || attempts == 2_000 else {
                recorder.finish(status: .ok, exitCode: 0)
                continue
            }
            let deployment = try ModelRegistry(store: store).deploy(try Self.request().0, lineage: record)
            recorder.beginCell()
            recorder.endCell(number: 2, source: "1 + 1", succeeded: true, valueDigest: "e")
            recorder.finish(status: .ok, exitCode: 0)
            let bundleID = try #require(try ModelBundle(directory: deployment.location).manifest.lineage.runID)
            let digitsOnly = bundleID.prefix(8).allSatisfy(\.isNumber)
            try #require(digitsOnly, "no id of digits in \(attempts) runs")
            #expect(try store.resolve(String(bundleID.prefix(8))) == recorder.number)
            return
        }
    }

    @Test func aChangedFileIsRefused() throws {
        let deployment = try ModelRegistry(store: try RunStoreTests.temporaryStore()).deploy(try Self.request().0, lineage: nil)
        let model = deployment.location + "/model.json"
        var text = try String(contentsOfFile: model, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"estimator\":\"logistic\"", with: "\"estimator\":\"logistic\" ")
        try text.write(toFile: model, atomically: true, encoding: .utf8)
        let refusal = #expect(throws: BundleError.self) { try ModelBundle(directory: deployment.location) }
        #expect(refusal?.message.hasPrefix("checksum mismatch for \(model): expected ") == true, "\(refusal?.message ?? "no refusal")")
        try FileManager.default.removeItem(atPath: model)
        #expect(throws: BundleError.self) { try ModelBundle(directory: deployment.location) }
    }

    @Test(arguments: ["", "Iris", "iris model", "-iris", "iris-", "ïris", String(repeating: "a", count: 49)])
    func namesThatCannotNameAKubernetesResourceAreRefused(_ name: String) throws {
        #expect(throws: DeployNameError.self) { try ModelRegistry.validate(name: name) }
    }

    /// A link leaves the bundle folder even when what it points to has the right checksum.
    @Test func symbolicLinksInTheBundleAreRefused() throws {
        let deployment = try ModelRegistry(store: try RunStoreTests.temporaryStore()).deploy(try Self.request().0, lineage: nil)
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-outside-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        for file in ["model.json", "checksums.sha256", "k8s"] {
            let path = deployment.location + "/" + file
            try FileManager.default.moveItem(atPath: path, toPath: outside + "/" + file)
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: outside + "/" + file)
            let refusal = #expect(throws: BundleError.self) { try ModelBundle(directory: deployment.location) }
            #expect(refusal?.message == "\(path) is a symbolic link (to \(outside)/\(file)); a bundle's files must be in its folder, not linked from elsewhere")
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.moveItem(atPath: outside + "/" + file, toPath: path)
        }
        // Listed or not: the container image is built from the whole folder.
        for file in ["extra.txt", "k8s/extra"] {
            let path = deployment.location + "/" + file
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: outside)
            let refusal = #expect(throws: BundleError.self) { try ModelBundle(directory: deployment.location) }
            #expect(refusal?.message == "\(path) is a symbolic link (to \(outside)); a bundle's files must be in its folder, not linked from elsewhere")
            try FileManager.default.removeItem(atPath: path)
        }
        // The bundle folder itself may be reached through a link (/bundle in a container, say).
        let linkedFolder = outside + "/bundle"
        try FileManager.default.createSymbolicLink(atPath: linkedFolder, withDestinationPath: deployment.location)
        #expect(try ModelBundle(directory: linkedFolder).manifest.name == "iris")
    }

    /// A manifest edited after deploy, its checksums written anew: what deploy never writes is refused
    /// when the bundle is opened, rather than answering every request with a 400 (an input listed
    /// twice cannot be given twice in a row) or printing a version no URL can name.
    /// Including one that says another model than model.json holds (estimator, task, target or
    /// classes), which clients would read and the answers contradict.
    @Test func aManifestDeployWouldNotHaveWrittenIsRefused() throws {
        let deployment = try ModelRegistry(store: try RunStoreTests.temporaryStore()).deploy(try Self.request().0, lineage: nil)
        let manifest = deployment.location + "/bundle.json"
        let original = try Data(contentsOf: URL(fileURLWithPath: manifest))
        let edits: [(key: String, value: (Any) -> Any, problem: String)] = [
            ("inputs", { ($0 as? [Any] ?? []) + [["name": "petal_width", "type": "number"]] },
             "\(manifest) lists the input 'petal_width' twice; a row holds each column once, so no request could give both"),
            ("version", { _ in -1 }, "\(manifest): version is -1, expected a version from 1, as deploy numbers them"),
            ("version", { _ in 0 }, "\(manifest): version is 0, expected a version from 1, as deploy numbers them"),
            ("formatVersion", { _ in -1 }, "\(manifest): formatVersion is -1, expected a format version from 1"),
            ("task", { _ in "regression" }, "\(manifest) gives task regression, but model.json holds classification; refusing a bundle whose files disagree"),
            ("estimator", { _ in "forest" }, "\(manifest) gives estimator forest, but model.json holds logistic; refusing a bundle whose files disagree"),
            ("classes", { _ in ["setosa", "virginica", "versicolor"] },
             "\(manifest) gives classes setosa, virginica, versicolor, but model.json holds setosa, versicolor, virginica; refusing a bundle whose files disagree"),
            ("classes", { _ in NSNull() }, "\(manifest) gives classes none, but model.json holds setosa, versicolor, virginica; refusing a bundle whose files disagree"),
            ("target", { _ in "petal_width" }, "\(manifest) gives target 'petal_width', but model.json holds 'species'; refusing a bundle whose files disagree"),
        ]
        for (key, value, problem) in edits {
            var document = try #require(try JSONSerialization.jsonObject(with: original) as? [String: Any])
            document[key] = value(document[key] ?? NSNull())
            try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: manifest))
            try BundleChecksums.rewrite(in: deployment.location)
            let refusal = #expect(throws: BundleError.self, "\(key)") { try ModelBundle(directory: deployment.location) }
            #expect(refusal?.message == problem)
        }
        try original.write(to: URL(fileURLWithPath: manifest))
        try BundleChecksums.rewrite(in: deployment.location)
        #expect(try ModelBundle(directory: deployment.location).manifest.version == 1)
    }


    @Test func checksumLinesThatLeaveTheBundleAreRefused() throws {
        let deployment = try ModelRegistry(store: try RunStoreTests.temporaryStore()).deploy(try Self.request().0, lineage: nil)
        let checksums = deployment.location + "/checksums.sha256"
        let text = try String(contentsOfFile: checksums, encoding: .utf8) + String(repeating: "0", count: 64) + "  ../../escape\n"
        try text.write(toFile: checksums, atomically: true, encoding: .utf8)
        #expect(throws: BundleError.self) { try ModelBundle(directory: deployment.location) }
    }
}
