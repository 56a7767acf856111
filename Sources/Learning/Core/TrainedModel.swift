import Numerics
import Tables

/// A fitted model with everything needed to apply it to raw rows: the
/// preprocessing it was trained after, its feature and target columns, its
/// class labels, and the rows it was trained on (for leakage checks).
public struct TrainedModel: Sendable {
    public let model: any FittedModel
    public let estimator: String
    public let featureNames: [String]
    public let targetName: String?
    /// Class labels in code order, for classifiers.
    public let classLabels: [String]?
    public let preprocessing: FittedPreprocessor?
    /// Provenance keys of the training rows.
    public let trainingRows: RowKeySet

    public var task: ModelTask { model.task }

    /// Fits `estimator` on `table` (already preprocessed by `preprocessing`, if any).
    ///
    /// Features are every column but the target; they must be numeric (add
    /// `one_hot` or `ordinal` steps for categories) and complete.
    /// - Throws: `LearningError` for options, columns or values the estimator cannot use;
    ///   `TrainingInterrupted` when `interruption` asked the fit to stop.
    public static func train(
        _ estimator: String, on table: Table, target: String?, hyperparameters: [String: Hyperparameters.Value],
        preprocessing: FittedPreprocessor?, random: inout RandomGenerator, interruption: Interruption = .never
    ) throws -> TrainedModel {
        let entry = try EstimatorRegistry.entry(named: estimator)
        if !entry.task.isSupervised, target != nil { throw LearningError("\(estimator) is unsupervised and takes no target") }
        if entry.task.isSupervised, target == nil { throw LearningError("\(estimator) needs a target column") }
        let fit = try entry.prepare(Hyperparameters(hyperparameters, estimator: estimator))
        let featureNames = table.columnNames.filter { $0 != target }
        var (data, labels) = try trainingData(table, featureNames: featureNames, target: target, task: entry.task)
        data.interruption = interruption
        let fitted = try fit(data, &random)
        return TrainedModel(
            model: fitted, estimator: estimator, featureNames: featureNames, targetName: target, classLabels: labels,
            preprocessing: preprocessing, trainingRows: RowKeySet(table.rowKeys))
    }

    static func trainingData(_ table: Table, featureNames: [String], target: String?, task: ModelTask) throws -> (TrainingData, [String]?) {
        let features = try featureMatrix(table, featureNames)
        guard let target else { return (try TrainingData(features: features, featureNames: featureNames, target: nil), nil) }
        let column = try table.column(target)
        if let row = column.missing.rows.first {
            throw LearningError("the target column '\(target)' has \(column.missing.count) missing values (first in row \(row + 1)); drop those rows first")
        }
        switch task {
        case .classification:
            let strings = column.strings().map { $0 ?? "" }
            let labels = Array(Set(strings)).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            guard labels.count >= 2 else { throw LearningError("the target column '\(target)' has only one class ('\(labels.first ?? "")')") }
            let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
            return (try TrainingData(features: features, featureNames: featureNames, target: .classes(codes: strings.map { index[$0]! }, labels: labels)), labels)
        default:
            guard column.type.isNumeric else {
                throw LearningError("the target column '\(target)' is \(column.type); a regression target must be numeric")
            }
            return (try TrainingData(features: features, featureNames: featureNames, target: .numeric(Vector(try column.doubles()))), nil)
        }
    }

    /// The named columns as a matrix, with errors that say how to fix them.
    static func featureMatrix(_ table: Table, _ names: [String]) throws -> Matrix {
        for name in names {
            let column = try table.column(name)
            guard column.type.isNumeric else {
                throw LearningError("feature column '\(name)' is \(column.type); encode it in preprocess (one_hot \(name) or ordinal \(name)) or drop it")
            }
            if let row = column.missing.rows.first {
                throw LearningError("feature column '\(name)' has \(column.missing.count) missing values (first in row \(row + 1)); add fill_missing or drop_missing to preprocess")
            }
        }
        do { return try table.matrix(columns: names) } catch let error as DataError { throw LearningError(error.message) }
    }

    /// Raw rows with the model's preprocessing applied.
    public func prepare(_ table: Table) throws -> Table {
        guard let preprocessing else { return table }
        return try preprocessing.apply(to: table)
    }

    /// Prepared rows → features in training order.
    public func features(ofPrepared prepared: Table) throws -> Matrix {
        for name in featureNames where !prepared.hasColumn(name) {
            throw LearningError("the rows have no column '\(name)', which the model was trained on")
        }
        return try TrainedModel.featureMatrix(prepared, featureNames)
    }

    /// Predictions for raw rows.
    /// - Throws: `TrainingInterrupted` when `interruption` asked a long prediction to stop.
    public func predict(_ table: Table, interruption: Interruption = .never) throws -> Prediction {
        try model.predict(features(ofPrepared: prepare(table)), interruption: interruption)
    }
}
