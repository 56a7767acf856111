import Foundation
import Tables

/// The documented, versioned, non-executable file format of a trained model:
/// JSON holding the estimator's fitted parameters, the preprocessing it was
/// trained after, and its input and output columns. Doubles are written in
/// their shortest exact form (non-finite ones as the strings "inf", "-inf",
/// "nan"), so a decoded model predicts bit-identically.
///
///     {"format": "mlx-model", "version": 1, "estimator": "logistic",
///      "task": "classification", "features": [...], "target": "species",
///      "classes": [...], "preprocessing": {...} | null, "parameters": {...}}
public struct ModelDocument {
    public static let format = "mlx-model"
    public static let version = 1

    private enum Keys: String, CodingKey {
        case format, version, estimator, task, features, target, classes, preprocessing, parameters
    }

    /// The model as JSON (keys sorted, so equal models give equal bytes).
    public static func encode(_ model: TrainedModel) throws -> Data {
        try CanonicalJSON.encode(Envelope(model: model))
    }

    /// The same document through Foundation's `JSONEncoder`: the bytes `encode` must match.
    static func encodedByFoundation(_ model: TrainedModel) throws -> Data {
        try CanonicalJSON.foundationEncoder().encode(Envelope(model: model))
    }

    /// A model from JSON written by `encode`.
    /// - Throws: `LearningError` for another format, a newer version or an unknown estimator.
    public static func decode(_ data: Data) throws -> TrainedModel {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(Envelope.self, from: data).model
        } catch let error as LearningError {
            throw error
        } catch {
            throw LearningError("not a readable mlx model: \(error)")
        }
    }

    private struct Envelope: Codable {
        let model: TrainedModel

        init(model: TrainedModel) { self.model = model }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(ModelDocument.format, forKey: .format)
            try c.encode(ModelDocument.version, forKey: .version)
            try c.encode(model.estimator, forKey: .estimator)
            try c.encode(model.task, forKey: .task)
            try c.encode(model.featureNames, forKey: .features)
            try c.encodeIfPresent(model.targetName, forKey: .target)
            try c.encodeIfPresent(model.classLabels, forKey: .classes)
            try c.encodeIfPresent(model.preprocessing, forKey: .preprocessing)
            try c.encode(model.model, forKey: .parameters)
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            guard try c.decode(String.self, forKey: .format) == ModelDocument.format else { throw LearningError("not an mlx model file") }
            let version = try c.decode(Int.self, forKey: .version)
            guard version <= ModelDocument.version else {
                throw LearningError("model format version \(version) is newer than this mlx reads (\(ModelDocument.version))")
            }
            let estimator = try c.decode(String.self, forKey: .estimator)
            let entry = try EstimatorRegistry.entry(named: estimator)
            model = TrainedModel(
                model: try entry.decode(try c.superDecoder(forKey: .parameters)), estimator: estimator,
                featureNames: try c.decode([String].self, forKey: .features), targetName: try c.decodeIfPresent(String.self, forKey: .target),
                classLabels: try c.decodeIfPresent([String].self, forKey: .classes),
                preprocessing: try c.decodeIfPresent(FittedPreprocessor.self, forKey: .preprocessing), trainingRows: RowKeySet([]))
        }
    }
}
