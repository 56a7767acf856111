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
///      "classes": [...], "preprocessing": {...}, "parameters": {...}}
///
/// `preprocessing` is left out when the model has none; docs/model-format.md
/// gives every field.
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
    /// - Throws: `LearningError` for another format, a newer version, an unknown estimator,
    ///   preprocessing steps whose parameters do not fit together, or estimator parameters that
    ///   do not fit together or with the document's features and classes.
    public static func decode(_ data: Data) throws -> TrainedModel {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let model: TrainedModel
        do {
            model = try decoder.decode(Envelope.self, from: data).model
        } catch let error as LearningError {
            throw error
        } catch {
            throw LearningError("not a readable mlx model: \(DecodingProblem.describe(error))")
        }
        try checkConsistency(model)
        return model
    }

    /// Refuses a document whose parts contradict each other, which `encode` never writes.
    private static func checkConsistency(_ model: TrainedModel) throws {
        guard !model.featureNames.isEmpty else { throw LearningError("the model document lists no features") }
        if let feature = firstRepeated(model.featureNames) {
            throw LearningError("the model document lists the feature '\(feature)' twice")
        }
        try checkClasses(model.classLabels, task: model.task)
        do { try model.preprocessing?.checkConsistency() } catch let problem as DataError { throw LearningError(problem.message) }
        do {
            try model.model.checkConsistency(featureCount: model.featureNames.count, classCount: model.classLabels?.count ?? 0)
        } catch let problem as DataError {
            throw estimatorProblem(problem.message, model)
        } catch let problem as LearningError {
            throw estimatorProblem(problem.message, model)
        }
    }

    private static func estimatorProblem(_ problem: String, _ model: TrainedModel) -> LearningError {
        LearningError("the \(model.estimator) parameters do not fit the model document: \(problem)")
    }

    /// A classifier's labels are the classes its outputs stand for: two or more, each once.
    private static func checkClasses(_ labels: [String]?, task: ModelTask) throws {
        guard task == .classification else {
            if labels != nil { throw LearningError("the model document lists classes, but a \(task.rawValue) model has none") }
            return
        }
        guard let labels, labels.count >= 2 else {
            throw LearningError("a classifier has at least 2 classes, and the model document lists \(labels?.count ?? 0)")
        }
        if let label = firstRepeated(labels) { throw LearningError("the model document lists the class '\(label)' twice") }
    }

    private static func firstRepeated(_ names: [String]) -> String? {
        var seen = Set<String>()
        return names.first { !seen.insert($0).inserted }
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
            // Versions count from 1: a lower one was written by hand or by a program that misread the format.
            guard version >= 1 else { throw LearningError("model format version \(version) does not exist; versions count from 1") }
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
