import Foundation
import Learning
import Numerics
import Tables

/// A trained model as a language value: `model.coefficients`, `model.r_squared`, …
public struct ModelValue: OpaqueValueContent {
    public let trained: TrainedModel
    /// The raw columns (before preprocessing, without the target) a row must
    /// have to be predicted: the input schema of a deployed model.
    public let inputs: [SchemaField]

    public init(trained: TrainedModel, inputs: [SchemaField]) {
        self.trained = trained
        self.inputs = inputs
    }

    /// The input schema of rows like those of `raw`, for a model with target `target`.
    public static func inputs(of raw: Table, target: String?) -> [SchemaField] {
        raw.columns.filter { $0.name != target }.map { SchemaField(name: $0.name, type: $0.type, levels: $0.levels) }
    }

    public var kind: String { "\(trained.estimator) model" }

    public var summary: String { trained.model.summary }

    public func field(_ name: String) -> Value? {
        switch name {
        case "features": return .list(trained.featureNames.map { .string($0) })
        case "target": return trained.targetName.map { .string($0) }
        case "classes": return trained.classLabels.map { .list($0.map { .string($0) }) }
        default: return trained.model.fields.first { $0.name == name }.map { ModelValue.value($0.value) }
        }
    }

    /// SHA-256 of the model's encoded parameters.
    public var digest: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = (try? encoder.encode(trained.model)) ?? Data()
        return ContentDigest.sha256(Array(data))
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
