import Foundation
import Numerics
import Testing
@testable import Learning
@testable import Tables

@Suite struct LogisticRegressionTests {
    /// (reference key, dataset, C)
    static let cases: [(key: String, file: String, c: Double)] = [
        ("logistic_breast_cancer_C1", "breast_cancer.csv", 1),
        ("logistic_breast_cancer_C0.1", "breast_cancer.csv", 0.1),
        ("logistic_iris_C1", "iris.csv", 1),
        ("logistic_iris_C10", "iris.csv", 10),
        ("logistic_wine_C1", "wine.csv", 1),
    ]

    /// Coefficients and intercepts within 1e-4 relative of scikit-learn's lbfgs
    /// (tol 1e-10), identical predicted classes on the training rows.
    static func checkAgainst(_ references: SklearnReferences, options: [String: Double] = [:]) throws {
        for c in cases {
            let expected = try references.logistic(c.key)
            let (data, labels) = try SklearnReferences.standardised(c.file)
            #expect(labels == expected.classes)
            let model = try #require(try SklearnReferences.fit("logistic", options.merging(["c": c.c]) { a, _ in a }, on: data) as? LogisticRegression.Fitted)
            #expect(model.converged)
            let difference = SklearnReferences.relativeDifference(
                model.coefficients.flatMap { $0 } + model.intercepts, expected.coefficients.flatMap { $0 } + expected.intercepts)
            #expect(difference < 1e-4, "\(c.key): max relative difference \(difference)")
            guard case .classes(let codes, let probabilities) = try model.predict(data.features) else { Issue.record("expected classes"); continue }
            #expect(codes == expected.predicted, "\(c.key)")
            for i in 0..<probabilities.rows {
                #expect(abs((0..<probabilities.columns).reduce(0) { $0 + probabilities[i, $1] } - 1) < 1e-12)
            }
        }
    }

    @Test func matchesCommittedScikitLearnFits() throws {
        try Self.checkAgainst(SklearnReferences.committed.get())
    }

    @Test(.enabled(if: SklearnReferences.liveIsAvailable)) func matchesLiveScikitLearn() throws {
        try Self.checkAgainst(SklearnReferences.live.get())
    }

    @Test func tightToleranceAgreesToo() throws {
        try Self.checkAgainst(SklearnReferences.committed.get(), options: ["tol": 1e-12])
    }

    @Test func exposesFieldsByShape() throws {
        let binary = try #require(try SklearnReferences.fit("logistic", [:], on: SklearnReferences.standardised("breast_cancer.csv").data) as? LogisticRegression.Fitted)
        #expect(binary.fields.map(\.name) == ["coefficients", "intercept", "iterations", "converged", "gradient_norm"])
        guard case .vector(let w) = binary.fields[0].value else { Issue.record("binary coefficients should be a vector"); return }
        #expect(w.count == 30)
        let iris = try #require(try SklearnReferences.fit("logistic", [:], on: SklearnReferences.standardised("iris.csv").data) as? LogisticRegression.Fitted)
        #expect(iris.fields.map(\.name) == ["coefficients", "intercepts", "iterations", "converged", "gradient_norm"])
        guard case .matrix(let m) = iris.fields[0].value else { Issue.record("multinomial coefficients should be a matrix"); return }
        #expect(m.shape == Shape(3, 4))
        #expect(abs(iris.intercepts.reduce(0, +)) < 1e-12)
        #expect(iris.iterations < 20)
        #expect(iris.summary.hasPrefix("logistic model: multinomial (3 classes), 4 features, converged in"))
    }

    @Test func notConvergingStillReturnsAndSaysSo() throws {
        let model = try #require(
            try SklearnReferences.fit("logistic", ["c": 10, "max_iter": 1], on: SklearnReferences.standardised("iris.csv").data) as? LogisticRegression.Fitted)
        #expect(!model.converged)
        #expect(model.iterations == 1)
        #expect(model.summary.contains("did not converge in 1 iterations"))
    }

    @Test func deterministicAndSurvivesSerialisation() throws {
        for file in ["breast_cancer.csv", "wine.csv"] {
            let data = try SklearnReferences.standardised(file).data
            let first = try SklearnReferences.fit("logistic", [:], on: data)
            let second = try SklearnReferences.fit("logistic", [:], on: data)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let encoded = try encoder.encode(first)
            #expect(encoded == (try encoder.encode(second)))
            let decoded = try EstimatorRegistry.entry(named: "logistic").decode(JSONDecoder().decoder(for: encoded))
            #expect(try encoder.encode(decoded) == encoded)
            #expect(try decoded.predict(data.features) == first.predict(data.features))
        }
    }

    @Test func badOptionsAndDataAreExplained() throws {
        func message(_ options: [String: Hyperparameters.Value]) -> String? {
            do {
                _ = try EstimatorRegistry.entry(named: "logistic").prepare(Hyperparameters(options, estimator: "logistic"))
                return nil
            } catch { return "\(error)" }
        }
        #expect(message(["c": .number(0)]) == "c must be > 0, got 0")
        #expect(message(["c": .number(-1)]) == "c must be > 0, got -1")
        #expect(message(["max_iter": .number(0)]) == "max_iter must be > 0, got 0")
        #expect(message(["tol": .number(0)]) == "tol must be > 0, got 0")
        #expect(message(["C": .number(1)]) == "logistic has no option 'C'; did you mean 'c'?")
        let oneRow = try TrainingData(features: Matrix(rows: [[1, 2]]), featureNames: ["a", "b"], target: .classes(codes: [0], labels: ["x", "y"]))
        #expect(throws: LearningError("logistic needs at least one row of every class; class 'y' has none")) {
            try SklearnReferences.fit("logistic", [:], on: oneRow)
        }
        let numeric = try TrainingData(features: Matrix(rows: [[1], [2]]), featureNames: ["a"], target: .numeric([1, 2]))
        #expect(throws: LearningError("logistic is a classifier and needs a categorical target; this target is numeric")) {
            try SklearnReferences.fit("logistic", [:], on: numeric)
        }
        let table = try Table(columns: [Column.numbers("x", [1]), try Column.categories("y", ["a"])])
        var random = RandomGenerator(seed: 0)
        #expect(throws: LearningError("the target column 'y' has only one class ('a')")) {
            try TrainedModel.train("logistic", on: table, target: "y", hyperparameters: [:], preprocessing: nil, random: &random)
        }
    }

    @Test func oneColumnAndConstantColumn() throws {
        let x: [[Double]] = [[1, 5], [2, 5], [3, 5], [4, 5], [5, 5], [6, 5]]
        let target = Target.classes(codes: [0, 0, 1, 0, 1, 1], labels: ["no", "yes"])
        let both = try TrainingData(features: Matrix(rows: x), featureNames: ["x", "constant"], target: target)
        let one = try TrainingData(features: Matrix(rows: x.map { [$0[0]] }), featureNames: ["x"], target: target)
        let withConstant = try #require(try SklearnReferences.fit("logistic", [:], on: both) as? LogisticRegression.Fitted)
        let alone = try #require(try SklearnReferences.fit("logistic", [:], on: one) as? LogisticRegression.Fitted)
        #expect(withConstant.converged && alone.converged)
        // The penalised constant column's effect is cheaper in the free intercept, so its coefficient is 0
        // and the rest of the fit is the one-column fit.
        #expect(abs(withConstant.coefficients[0][1]) < 1e-9)
        #expect(abs(withConstant.coefficients[0][0] - alone.coefficients[0][0]) < 1e-9)
        #expect(abs(withConstant.intercepts[0] - alone.intercepts[0]) < 1e-8)
        #expect(alone.coefficients[0][0] > 0)
    }
}
