import BenchmarkSupport
import Foundation
import Language
import Runs
import Tables

/// Fills a store with runs through the recorder, as `mlx run` writes them:
/// ten cells each (one transaction per cell), a seed, two parameters, an
/// input file's fingerprint and the eight metrics `test` reports for a classifier.
enum StoreBuilder {
    /// The scripts the runs claim to be, so listings show a realistic mix.
    static let scripts = ["scripts/iris_logistic.mlx", "scripts/breast_cancer_models.mlx", "experiments/tune_forest.mlx"]

    static let cells = [
        "seed 42", "param c = 1.0", "param max_iter = 200", "iris = load \"datasets/iris.csv\"",
        "train_set, test_set = split iris 0.8 stratify species",
        "features = preprocess train_set:\n    fill_missing median\n    standardize sepal_length, sepal_width",
        "model = train logistic on features target species with c = c, max_iter = max_iter", "report = test model on test_set",
        "report", "assert report.accuracy >= 0.9, \"accuracy regressed\"",
    ]

    /// The store at `directory` with at least `count` runs, made if it has fewer.
    static func ensure(_ directory: String, count: Int) throws -> RunStore {
        let store = try RunStore(directory: directory)
        let existing = try store.count()
        guard existing < count else { return store }
        FileHandle.standardError.write(Data("recording \(count - existing) runs into \(directory)…\n".utf8))
        // A working directory outside any repository: no git state to read per run.
        let workingDirectory = FileManager.default.temporaryDirectory.path
        var random = SplitMix64(seed: UInt64(existing) + 1)
        for index in existing..<count { record(index, into: store, workingDirectory: workingDirectory, random: &random) }
        return store
    }

    private static func record(_ index: Int, into store: RunStore, workingDirectory: String, random: inout SplitMix64) {
        let script = scripts[index % scripts.count]
        let source = cells.joined(separator: "\n") + "\n"
        let recorder = RunRecorder(
            store: store,
            start: RunRecorder.Start(kind: .script, script: script, source: source, workingDirectory: workingDirectory, mlxVersion: "bench"))
        let c = (random.nextSigned() + 1.5).rounded(toPlaces: 3)
        let accuracy = 0.85 + 0.075 * (random.nextSigned() + 1)
        for (position, cell) in cells.enumerated() {
            recorder.beginCell()
            for event in events(atCell: position, c: c, accuracy: accuracy, random: &random) { recorder.emit(event) }
            recorder.capture(position == 8 ? "accuracy: \(accuracy)\nf1: \(accuracy - 0.01)\n" : "")
            recorder.endCell(number: position + 1, source: cell, succeeded: true, valueDigest: nil)
        }
        let failed = accuracy < 0.9
        recorder.finish(status: failed ? .failed : .ok, exitCode: failed ? 1 : 0)
    }

    private static func events(atCell position: Int, c: Double, accuracy: Double, random: inout SplitMix64) -> [InterpreterEvent] {
        switch position {
        case 0: return [.seedSet(42)]
        case 1: return [.parameterSet(name: "c", value: .number(c), overridden: true)]
        case 2: return [.parameterSet(name: "max_iter", value: .number(200), overridden: false)]
        case 3: return [.dataLoaded(path: "datasets/iris.csv", fingerprint: iris)]
        case 7:
            let metrics = [
                ("accuracy", accuracy), ("precision", accuracy + 0.005), ("recall", accuracy), ("f1", accuracy - 0.01),
                ("weighted_f1", accuracy - 0.005), ("log_loss", 0.5 * (random.nextSigned() + 1.2)), ("roc_auc", min(1, accuracy + 0.05)), ("n", 30),
            ]
            return metrics.map { .metric(name: $0.0, value: $0.1) }
        default: return []
        }
    }

    /// A fingerprint whose file does not exist here, so no snapshot is taken.
    static let iris = Fingerprint(
        sha256: String(repeating: "9c", count: 32), byteCount: 3858, rowCount: 150,
        schema: ["sepal_length", "sepal_width", "petal_length", "petal_width"].map { SchemaField(name: $0, type: .number) }
            + [SchemaField(name: "species", type: .categorical)])
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
