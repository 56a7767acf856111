import Foundation
import Synchronization
import Learning
import Numerics
import Tables

/// A trained model as a language value: `model.coefficients`, `model.r_squared`, …
public struct ModelValue: OpaqueValueContent {
    public let trained: TrainedModel
    /// The raw columns (before preprocessing, without the target) a row must
    /// have to be predicted: the input schema of a deployed model.
    public let inputs: [SchemaField]

    private let encoded = Lazy<Data>()
    private let hashed = Lazy<String>()
    private let lastTest = TestMetrics()

    public init(trained: TrainedModel, inputs: [SchemaField]) {
        self.trained = trained
        self.inputs = inputs
    }

    /// The input schema of rows like those of `raw` for `trained`: the raw columns that its
    /// preprocessing reads or that reach it as features. A column the steps drop, leave out
    /// of a `select` or check only when present (the target) is not asked of a row.
    public static func inputs(of raw: Table, for trained: TrainedModel) -> [SchemaField] {
        var needed = Set(trained.featureNames)
        for step in trained.preprocessing?.steps ?? [] { needed.formUnion(step.requiredColumns) }
        return raw.columns.filter { needed.contains($0.name) && $0.name != trained.targetName }
            .map { SchemaField(name: $0.name, type: $0.type, levels: $0.levels) }
    }

    public var kind: String { "\(trained.estimator) model" }

    public var summary: String { trained.model.summary }

    public var fieldNames: [String] { ["inputs", "features", "target", "classes"].filter { field($0) != nil } + trained.model.fields.map(\.name) }

    public func field(_ name: String) -> Value? {
        switch name {
        case "inputs": return .list(inputs.map { .string($0.name) })
        case "features": return .list(trained.featureNames.map { .string($0) })
        case "target": return trained.targetName.map { .string($0) }
        case "classes": return trained.classLabels.map { .list($0.map { .string($0) }) }
        default: return trained.model.fields.first { $0.name == name }.map { ModelValue.value($0.value) }
        }
    }

    /// The model document (`ModelDocument`), encoded once: a big forest
    /// takes a while to write, and both its digest and the run store need it.
    public var document: Data { encoded.value { (try? ModelDocument.encode(trained)) ?? Data() } }

    /// SHA-256 of the model document: its name in the run store and registry.
    /// Kept like the document: a recorded cell asks for it three times (its
    /// value digest, the object's name, the model's row), and a forest's
    /// document is tens of kilobytes.
    public var digest: String { hashed.value { ContentDigest.sha256(document) } }

    /// The numbers the model's last `test` reported, nil before one: what a deployed
    /// bundle says of it. Kept by every copy of the value, as they are one model.
    public var testedMetrics: [String: Double]? { lastTest.metrics.withLock { $0 } }

    /// Remembers what `test` reported of this model.
    func noteTest(_ report: Record) {
        let numbers = report.fields.compactMap { field -> (String, Double)? in
            if case .number(let x) = field.value { return (field.name, x) }
            return nil
        }
        lastTest.metrics.withLock { $0 = Dictionary(numbers, uniquingKeysWith: { $1 }) }
    }

    static func value(_ field: ModelField) -> Value {
        switch field {
        case .number(let x): return .number(x)
        case .vector(let v): return .vector(v)
        case .matrix(let m): return .matrix(m)
        case .strings(let s): return .list(s.map { .string($0) })
        case .record(let fields): return .record(Record(fields.map { ($0.name, value($0.value)) }))
        }
    }
}

/// A model's last test report, shared by the copies of its value.
final class TestMetrics: Sendable {
    let metrics = Mutex<[String: Double]?>(nil)
}

/// A value computed on first use and kept, safe to share between threads.
final class Lazy<T: Sendable>: Sendable {
    private let stored = Mutex<T?>(nil)

    func value(_ make: () -> T) -> T {
        stored.withLock { stored in
            if let stored { return stored }
            let made = make()
            stored = made
            return made
        }
    }
}
