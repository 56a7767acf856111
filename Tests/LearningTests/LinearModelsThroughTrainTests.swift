import Foundation
import Numerics
import Testing
@testable import Learning
@testable import Tables

@Suite struct LinearModelsThroughTrainTests {
    /// `train NAME on table target COLUMN with …`, as the language calls it, on raw rows.
    static func train(_ name: String, _ file: String, _ target: String, _ options: [String: Double] = [:]) throws -> (TrainedModel, Table) {
        let table = try TableLoader.load(path: SklearnReferences.root.appendingPathComponent("datasets/\(file)").path).table
        var random = RandomGenerator(seed: 42)
        let model = try TrainedModel.train(
            name, on: table, target: target, hyperparameters: options.mapValues { .number($0) }, preprocessing: nil, random: &random)
        return (model, table)
    }

    @Test func logisticClassifiesIrisFromRawRows() throws {
        let (model, table) = try Self.train("logistic", "iris.csv", "species", ["c": 1, "max_iter": 200])
        #expect(model.classLabels == ["setosa", "versicolor", "virginica"])
        guard case .classes(let codes, let probabilities) = try model.predict(table) else { Issue.record("expected classes"); return }
        guard case .classes(let truth, let labels) = try TrainedModel.trainingData(
            table, featureNames: model.featureNames, target: "species", task: .classification).0.target! else { return }
        let report = Evaluation.classification(truth: truth, predicted: codes, probabilities: probabilities, labels: labels)
        #expect(report.accuracy > 0.95)
        #expect(report.rocAUC > 0.99)
    }

    @Test(arguments: ["ridge", "lasso", "elastic_net"])
    func regressorsPredictDiabetesFromRawRows(_ name: String) throws {
        let (model, table) = try Self.train(name, "diabetes.csv", "progression", ["alpha": 0.01])
        guard case .values(let predicted) = try model.predict(table) else { Issue.record("expected values"); return }
        let truth = Vector(try table.column("progression").doubles())
        let r2 = Evaluation.regression(truth: truth, predicted: predicted).first { $0.name == "r_squared" }!.value
        // Lightly penalised fits on the raw features come close to least squares (R² 0.518).
        #expect(r2 > 0.45 && r2 <= 0.5177484222203497 + 1e-12)
    }
}
