import Foundation
import Numerics
import Testing
@testable import Learning
@testable import Tables

@Suite struct LinearRegressionTests {
    struct Reference: Decodable {
        struct OLS: Decodable {
            let features: [String]
            let intercept: Double
            let coefficients: [Double]
            let intercept_se: Double
            let standard_errors: [Double]
            let r_squared: Double
            let df: Int
        }
        let ols_diabetes: OLS
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let reference: Reference = try! JSONDecoder().decode(
        Reference.self, from: Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References/learning.json")))

    static func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / Swift.max(abs(b), 1e-300) }

    @Test func olsMatchesNumpyOnDiabetes() throws {
        let table = try TableLoader.load(path: Self.root.appendingPathComponent("datasets/diabetes.csv").path).table
        var random = RandomGenerator(seed: 0)
        let trained = try TrainedModel.train("linear", on: table, target: "progression", hyperparameters: [:], preprocessing: nil, random: &random)
        let fitted = try #require(trained.model as? LinearRegression.Fitted)
        let r = Self.reference.ols_diabetes
        #expect(trained.featureNames == r.features)
        #expect(Self.relative(fitted.intercept, r.intercept) < 1e-8)
        for (a, b) in zip(fitted.coefficients, r.coefficients) { #expect(Self.relative(a, b) < 1e-8) }
        for (a, b) in zip(fitted.standardErrors, r.standard_errors) { #expect(Self.relative(a, b) < 1e-8) }
        #expect(Self.relative(fitted.interceptStandardError!, r.intercept_se) < 1e-8)
        #expect(Self.relative(fitted.rSquared, r.r_squared) < 1e-12)
        #expect(fitted.residualDegreesOfFreedom == r.df)
    }

    @Test func serialisationRoundTripKeepsPredictionsIdentical() throws {
        let table = try TableLoader.load(path: Self.root.appendingPathComponent("datasets/diabetes.csv").path).table
        var random = RandomGenerator(seed: 0)
        let trained = try TrainedModel.train("linear", on: table, target: "progression", hyperparameters: [:], preprocessing: nil, random: &random)
        let fitted = try #require(trained.model as? LinearRegression.Fitted)
        let decoded = try JSONDecoder().decode(LinearRegression.Fitted.self, from: JSONEncoder().encode(fitted))
        #expect(decoded == fitted)
        let x = try table.matrix(columns: trained.featureNames)
        #expect(try decoded.predict(x) == fitted.predict(x))
    }

    @Test func badOptionsAndTargetsAreExplained() throws {
        let table = try Table(columns: [Column.numbers("x", [1, 2, 3]), try Column.categories("y", ["a", "b", "a"])])
        var random = RandomGenerator(seed: 0)
        #expect(throws: LearningError("linear has no option 'intercep'; did you mean 'intercept'?")) {
            try TrainedModel.train("linear", on: table, target: "x", hyperparameters: ["intercep": .boolean(false)], preprocessing: nil, random: &random)
        }
        #expect(throws: LearningError("the target column 'y' is categorical; a regression target must be numeric")) {
            try TrainedModel.train("linear", on: table, target: "y", hyperparameters: [:], preprocessing: nil, random: &random)
        }
        #expect(throws: LearningError("feature column 'y' is categorical; encode it in preprocess (one_hot y or ordinal y) or drop it")) {
            try TrainedModel.train("linear", on: table, target: "x", hyperparameters: [:], preprocessing: nil, random: &random)
        }
        let known: String = EstimatorRegistry.entries.map(\.name).joined(separator: ", ")
        #expect(throws: LearningError("unknown model kind 'boosting'; known kinds: " + known)) {
            try TrainedModel.train("boosting", on: table, target: "x", hyperparameters: [:], preprocessing: nil, random: &random)
        }
    }

    @Test func classificationMetricsMatchHandComputedValues() {
        // truth a a b b c, predictions a b b b a
        let p = try! Matrix(rows: [[0.8, 0.1, 0.1], [0.3, 0.6, 0.1], [0.2, 0.7, 0.1], [0.1, 0.8, 0.1], [0.5, 0.2, 0.3]])
        let r = Evaluation.classification(truth: [0, 0, 1, 1, 2], predicted: [0, 1, 1, 1, 0], probabilities: p, labels: ["a", "b", "c"])
        #expect(r.accuracy == 0.6)
        #expect(r.precision == [0.5, 2.0 / 3.0, 0])
        #expect(r.recall == [0.5, 1, 0])
        #expect(r.confusion.rowArrays == [[1, 1, 0], [0, 2, 0], [1, 0, 0]])
        // Computed independently with numpy: -mean(log p[i, y_i]) and the mean of the
        // one-vs-rest pairwise-comparison AUCs (scikit-learn's log_loss and roc_auc_score "ovr").
        #expect(abs(r.logLoss - 0.6421815310438047) < 1e-12)
        #expect(abs(r.rocAUC - 0.9444444444444445) < 1e-12)
    }

    @Test func macroAveragesLeaveOutClassesTheRowsNeverMention() {
        // Class c is known to the model but neither in the truth nor predicted.
        let p = try! Matrix(rows: [[0.8, 0.1, 0.1], [0.4, 0.5, 0.1], [0.2, 0.7, 0.1], [0.1, 0.8, 0.1]])
        let r = Evaluation.classification(truth: [0, 0, 1, 1], predicted: [0, 1, 1, 1], probabilities: p, labels: ["a", "b", "c"])
        // scikit-learn: precision_score / recall_score / f1_score([0, 0, 1, 1], [0, 1, 1, 1], average="macro")
        #expect(abs(r.macroPrecision - 0.8333333333333333) < 1e-15)
        #expect(abs(r.macroRecall - 0.75) < 1e-15)
        #expect(abs(r.macroF1 - 0.7333333333333334) < 1e-15)
    }
}
