import Foundation
import Numerics
import Tables
@testable import Learning

/// scikit-learn's fits of the shipped datasets: the committed
/// References/sklearn.json, or a live run of the script that made it through
/// the project's Python environment (.venv, made by dev/test).
struct SklearnReferences: Sendable {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = folder.deletingLastPathComponent().deletingLastPathComponent()
    static let script = folder.appendingPathComponent("References/make_sklearn_references.py").path
    static let python = root.appendingPathComponent(".venv/bin/python").path

    /// Present when dev/test has set up .venv. In CI a missing environment is
    /// a failure, not a skip, so the peer check cannot silently stop running.
    static var liveIsAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: python) || ProcessInfo.processInfo.environment["CI"] != nil
    }

    static let committed = Result { try SklearnReferences(json: Data(contentsOf: folder.appendingPathComponent("References/sklearn.json"))) }
    /// One live run shared by the tests that need it.
    static let live = Result { try SklearnReferences(json: runScript()) }

    private let cases: [String: Data]

    init(json: Data) throws {
        guard let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] else { throw ReferenceError("not a JSON object") }
        var cases = [String: Data]()
        for (key, value) in object where JSONSerialization.isValidJSONObject(value) {
            cases[key] = try JSONSerialization.data(withJSONObject: value)
        }
        self.cases = cases
    }

    func regression(_ key: String) throws -> Regression { try JSONDecoder().decode(Regression.self, from: data(key)) }
    func logistic(_ key: String) throws -> Logistic { try JSONDecoder().decode(Logistic.self, from: data(key)) }

    private func data(_ key: String) throws -> Data {
        guard let data = cases[key] else { throw ReferenceError("no reference '\(key)'") }
        return data
    }

    struct Regression: Decodable {
        let coefficients: [Double]
        let intercept: Double
        let n_iter: Int?
        let dual_gap: Double?
    }

    struct Logistic: Decodable {
        let classes: [String]
        /// 1×p for two classes, k×p otherwise.
        let coefficients: [[Double]]
        let intercepts: [Double]
        let predicted: [Int]
    }

    struct ReferenceError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs the generator with "-" (JSON to standard output).
    static func runScript() throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "-"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ReferenceError(String(decoding: errors, as: UTF8.self)) }
        return output
    }

    /// A shipped dataset with every feature standardised as numpy does it,
    /// (x − mean) / std with the population (ddof 0) standard deviation, the
    /// target being the last column.
    static func standardised(_ file: String) throws -> (data: TrainingData, labels: [String]?) {
        let table = try TableLoader.load(path: root.appendingPathComponent("datasets/\(file)").path).table
        let target = table.columnNames.last!
        let task: ModelTask = try table.column(target).type.isNumeric ? .regression : .classification
        let features = table.columnNames.dropLast().map { $0 }
        let (raw, labels) = try TrainedModel.trainingData(table, featureNames: features, target: target, task: task)
        let columns = try raw.features.columnVectors.map { column in
            let mean = try column.mean(), sd = try column.standardDeviation(ddof: 0)
            return column.map { ($0 - mean) / sd }
        }
        return (try TrainingData(features: Matrix(columns: columns), featureNames: features, target: raw.target), labels)
    }

    /// Fits the registered estimator `name` with `options`.
    static func fit(_ name: String, _ options: [String: Double], on data: TrainingData) throws -> any FittedModel {
        let fit = try EstimatorRegistry.entry(named: name).prepare(Hyperparameters(options.mapValues { .number($0) }, estimator: name))
        var random = RandomGenerator(seed: 0)
        return try fit(data, &random)
    }

    /// max over elements of |a − b| / |b|; where b is 0, |a| relative to the
    /// largest |b| (so an exact zero must be matched by a tiny value).
    static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        let scale = b.reduce(0) { Swift.max($0, abs($1)) }
        return zip(a, b).reduce(0) { Swift.max($0, abs($1.0 - $1.1) / ($1.1 == 0 ? scale : abs($1.1))) }
    }
}
