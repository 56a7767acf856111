import Numerics
import Tables

/// k-fold cross-validation in which preprocessing is re-fitted inside every
/// fold, so no fold's test rows influence the parameters applied to them.
public enum CrossValidation {
    /// Per-metric scores over the folds, and which rows each fold tested.
    public struct Result: Sendable, Equatable {
        public let estimator: String
        /// Metric name → one score per fold, in fold order.
        public let scores: [(name: String, values: [Double])]
        /// Provenance keys of each fold's test rows, to check that two results used the same folds.
        public let foldRows: [[UInt64]]
        /// Training and test sizes of the folds (for the Nadeau–Bengio correction).
        public let trainSizes: [Int]
        public let testSizes: [Int]

        public static func == (lhs: Result, rhs: Result) -> Bool {
            lhs.estimator == rhs.estimator && lhs.foldRows == rhs.foldRows && lhs.scores.map(\.name) == rhs.scores.map(\.name)
                && zip(lhs.scores, rhs.scores).allSatisfy { $0.values == $1.values }
        }

        /// The scores of metric `name`.
        public func values(of name: String) -> [Double]? { scores.first { $0.name == name }?.values }
    }

    /// Fits `estimator` on each fold's training rows of `table` (after fitting
    /// `preprocessor` on them, if given) and scores it on the fold's test rows.
    ///
    /// - Parameter folds: the folds to use (rows of `table`).
    /// - Throws: `LearningError` from fitting, `DataError` from preprocessing,
    ///   `TrainingInterrupted` when `interruption` asked it to stop.
    public static func run(
        _ estimator: String, on table: Table, target: String, hyperparameters: [String: Hyperparameters.Value],
        preprocessor: Preprocessor?, folds: FoldSet, random: inout RandomGenerator, interruption: Interruption = .never
    ) throws -> Result {
        var scores = [(name: String, values: [Double])]()
        for fold in folds.folds {
            try interruption.check()
            let train = try table.selectingRows(fold.train), test = try table.selectingRows(fold.test)
            var fitted: FittedPreprocessor?
            var prepared = train
            if let preprocessor { (fitted, prepared) = try preprocessor.fitAndApply(on: train, keepingTarget: target) }
            let model = try TrainedModel.train(estimator, on: prepared, target: target, hyperparameters: hyperparameters, preprocessing: fitted, random: &random, interruption: interruption)
            for (name, value) in try score(model, test, interruption: interruption) {
                if let index = scores.firstIndex(where: { $0.name == name }) { scores[index].values.append(value) } else { scores.append((name, [value])) }
            }
        }
        return Result(
            estimator: estimator, scores: scores,
            foldRows: try folds.folds.map { try table.selectingRows($0.test).rowKeys },
            trainSizes: folds.folds.map(\.train.count), testSizes: folds.folds.map(\.test.count))
    }

    /// The headline metrics of `model` on raw rows `table`.
    static func score(_ model: TrainedModel, _ table: Table, interruption: Interruption = .never) throws -> [(String, Double)] {
        let prepared = try model.prepare(table)
        let prediction = try model.model.predict(try model.features(ofPrepared: prepared), interruption: interruption)
        let target = try prepared.column(model.targetName ?? "")
        switch prediction {
        case .values(let predicted):
            return Evaluation.regression(truth: Vector(try target.doubles()), predicted: predicted).map { ($0.name, $0.value) }
        case .classes(let codes, let probabilities):
            let labels = model.classLabels ?? []
            let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
            let truth = try target.strings().map { value -> Int in
                guard let value, let code = index[value] else { throw LearningError("a test fold contains the class '\(value ?? "NA")', which its training folds never saw") }
                return code
            }
            let r = Evaluation.classification(truth: truth, predicted: codes, probabilities: probabilities, labels: labels)
            return [("accuracy", r.accuracy), ("f1", r.macroF1), ("log_loss", r.logLoss)]
        case .clusters:
            throw LearningError("cross-validation needs a supervised model")
        }
    }
}
