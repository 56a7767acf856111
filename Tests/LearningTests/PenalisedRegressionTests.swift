import Foundation
import Numerics
import Testing
@testable import Learning

@Suite struct PenalisedRegressionTests {
    /// (reference key, estimator, options, relative tolerance from the issue)
    static let cases: [(key: String, estimator: String, options: [String: Double], tolerance: Double)] = [
        ("ridge_diabetes_alpha1", "ridge", ["alpha": 1], 1e-8),
        ("lasso_diabetes_alpha0.1", "lasso", ["alpha": 0.1], 1e-6),
        ("lasso_diabetes_alpha1", "lasso", ["alpha": 1], 1e-6),
        ("lasso_diabetes_alpha0.1_tight", "lasso", ["alpha": 0.1, "tol": 1e-12, "max_iter": 100_000], 1e-6),
        ("elastic_net_diabetes_alpha0.5_l1_ratio0.3", "elastic_net", ["alpha": 0.5, "l1_ratio": 0.3], 1e-6),
    ]

    /// Fits every case on standardised diabetes and checks it against `references`.
    static func checkAgainst(_ references: SklearnReferences) throws {
        let data = try SklearnReferences.standardised("diabetes.csv").data
        for c in cases {
            let expected = try references.regression(c.key)
            let model = try SklearnReferences.fit(c.estimator, c.options, on: data)
            let (coefficients, intercept, iterations) = try parts(model)
            let difference = SklearnReferences.relativeDifference(coefficients + [intercept], expected.coefficients + [expected.intercept])
            #expect(difference < c.tolerance, "\(c.key): max relative difference \(difference)")
            if let n = expected.n_iter { #expect(iterations == n, "\(c.key): \(String(describing: iterations)) sweeps, scikit-learn \(n)") }
        }
    }

    static func parts(_ model: any FittedModel) throws -> ([Double], Double, Int?) {
        switch model {
        case let m as RidgeRegression.Fitted: return (m.coefficients, m.intercept, nil)
        case let m as LassoRegression.Fitted: return (m.coefficients, m.intercept, m.iterations)
        case let m as ElasticNetRegression.Fitted: return (m.coefficients, m.intercept, m.iterations)
        default: throw SklearnReferences.ReferenceError("unexpected model \(type(of: model))")
        }
    }

    @Test func matchesCommittedScikitLearnFits() throws {
        try Self.checkAgainst(SklearnReferences.committed.get())
    }

    @Test(.enabled(if: SklearnReferences.liveIsAvailable)) func matchesLiveScikitLearn() throws {
        try Self.checkAgainst(SklearnReferences.live.get())
    }

    @Test func lassoZeroesSomeCoefficientsAndReportsConvergence() throws {
        let data = try SklearnReferences.standardised("diabetes.csv").data
        let model = try #require(try SklearnReferences.fit("lasso", ["alpha": 1], on: data) as? LassoRegression.Fitted)
        #expect(model.converged)
        #expect(model.coefficients.contains(0))
        #expect(model.fields.map(\.name) == ["intercept", "coefficients", "iterations", "dual_gap", "converged"])
        let stopped = try #require(try SklearnReferences.fit("lasso", ["alpha": 0.1, "max_iter": 3], on: data) as? LassoRegression.Fitted)
        #expect(!stopped.converged)
        #expect(stopped.iterations == 3)
        #expect(stopped.summary.contains("did not converge in 3 iterations"))
        let nonzero = model.coefficients.filter { $0 != 0 }.count
        #expect(model.summary == "lasso model: 10 features (\(nonzero) nonzero), alpha 1.0, converged in \(model.iterations) iterations")
        let net = try #require(try SklearnReferences.fit("elastic_net", ["alpha": 0.5, "l1_ratio": 0.7], on: data) as? ElasticNetRegression.Fitted)
        #expect(net.summary.hasPrefix("elastic net model: 10 features (") && net.summary.contains("alpha 0.5, l1_ratio 0.7, converged in"))
        #expect(net.fields.map(\.name) == model.fields.map(\.name))
    }

    /// The duality gap's Xᵀr is a BLAS product, which OpenBLAS splits between
    /// threads with other kernels at the split's edges: on breast_cancer's 30
    /// columns a second thread changed its last bits, and with them where the
    /// sweeps stopped. The fit must not depend on the thread count.
    @Test(arguments: ["lasso", "elastic_net"])
    func identicalOnOneOrTwoBLASThreads(_ name: String) throws {
        let dataset = try Dataset.load("breast_cancer")
        let y = Vector(dataset.codes.map(Double.init))
        let data = try TrainingData(features: dataset.features, featureNames: dataset.featureNames, target: .numeric(y))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let fits = try [1, 2].map { threads in
            try NumericEnvironment.withBLASThreads(threads) { try encoder.encode(fitModel(name, data, ["alpha": .number(0.01)])) }
        }
        #expect(fits[0] == fits[1], "\(name): the fit depends on the BLAS thread count")
    }

    @Test(arguments: ["ridge", "lasso", "elastic_net"])
    func deterministicAndSurvivesSerialisation(_ name: String) throws {
        let data = try SklearnReferences.standardised("diabetes.csv").data
        let first = try SklearnReferences.fit(name, [:], on: data)
        let second = try SklearnReferences.fit(name, [:], on: data)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = try encoder.encode(first)
        #expect(encoded == (try encoder.encode(second)))
        let decoded = try EstimatorRegistry.entry(named: name).decode(JSONDecoder().decoder(for: encoded))
        #expect(try encoder.encode(decoded) == encoded)
        #expect(try decoded.predict(data.features) == first.predict(data.features))
    }

    @Test func badOptionsAreExplainedBeforeFitting() throws {
        func message(_ name: String, _ options: [String: Hyperparameters.Value]) -> String? {
            do {
                _ = try EstimatorRegistry.entry(named: name).prepare(Hyperparameters(options, estimator: name))
                return nil
            } catch { return "\(error)" }
        }
        #expect(message("ridge", ["alpha": .number(-1)]) == "alpha must be >= 0, got -1")
        #expect(message("lasso", ["alpha": .number(0)]) == "alpha must be > 0, got 0")
        #expect(message("lasso", ["max_iter": .number(0)]) == "max_iter must be > 0, got 0")
        #expect(message("lasso", ["max_iter": .number(2.5)]) == "max_iter must be a whole number, got 2.5")
        #expect(message("lasso", ["max_iter": .number(1e15)]) == "max_iter must be below 1,000,000,000 in size, got 1000000000000000")
        #expect(message("lasso", ["tol": .number(-1e-4)]) == "tol must be > 0, got -0.0001")
        #expect(message("lasso", ["l1_ratio": .number(0.5)]) == "lasso has no option 'l1_ratio' (options: alpha, max_iter, tol)")
        #expect(message("elastic_net", ["l1_ratio": .number(1.5)]) == "l1_ratio must be between 0.0 and 1.0, got 1.5")
        #expect(message("elastic_net", ["alpa": .number(1)]) == "elastic_net has no option 'alpa'; did you mean 'alpha'?")
        #expect(message("ridge", ["alpha": .string("big")]) == "alpha must be a number")
    }

    static func data(_ rows: [[Double]], _ y: [Double]) throws -> TrainingData {
        let x = try Matrix(rows: rows)
        return try TrainingData(features: x, featureNames: (0..<x.columns).map { "x\($0)" }, target: .numeric(Vector(y)))
    }

    @Test(arguments: ["ridge", "lasso", "elastic_net"])
    func oneRowPredictsItsTarget(_ name: String) throws {
        let model = try SklearnReferences.fit(name, [:], on: Self.data([[1, 2, 3]], [7]))
        let (coefficients, intercept, _) = try Self.parts(model)
        #expect(coefficients == [0, 0, 0])
        #expect(intercept == 7)
    }

    @Test func oneColumnMatchesTheClosedForm() throws {
        // x centred: [-1.5, -0.5, 0.5, 1.5] (Σx² = 5), y centred: [-1, 1, -1, 1] (Σxy = 2).
        let data = try Self.data([[0], [1], [2], [3]], [1, 3, 1, 3])
        let (ridge, ridgeIntercept, _) = try Self.parts(SklearnReferences.fit("ridge", ["alpha": 1], on: data))
        #expect(abs(ridge[0] - 2.0 / 6.0) < 1e-15)
        #expect(abs(ridgeIntercept - (2 - 1.5 * 2.0 / 6.0)) < 1e-14)
        // Lasso soft-thresholds Σxy = 2 by n·α = 4·0.25 = 1: w = 1/5.
        let (lasso, _, _) = try Self.parts(SklearnReferences.fit("lasso", ["alpha": 0.25, "tol": 1e-12], on: data))
        #expect(abs(lasso[0] - 0.2) < 1e-12)
    }

    @Test(arguments: ["ridge", "lasso", "elastic_net"])
    func constantColumnGetsZeroCoefficient(_ name: String) throws {
        let data = try Self.data([[0.1, 1], [0.1, 2], [0.1, 4], [0.1, 3], [0.1, 7]], [1, 2, 5, 3, 8])
        let (coefficients, _, _) = try Self.parts(SklearnReferences.fit(name, ["alpha": 0.1], on: data))
        #expect(coefficients[0] == 0)
        #expect(coefficients[1] > 0)
        let predictions = try SklearnReferences.fit(name, ["alpha": 0.1], on: data).predict(data.features)
        guard case .values(let v) = predictions else { Issue.record("expected values"); return }
        #expect(v.allSatisfy { $0.isFinite })
    }

    @Test func elasticNetWithoutL1IsRidge() throws {
        // 1/(2n)·‖r‖² + α/2·‖w‖² has the minimiser of ‖r‖² + n·α·‖w‖²; λ₁ = 0 takes the ridge duality gap.
        let data = try SklearnReferences.standardised("diabetes.csv").data
        let (net, netIntercept, _) = try Self.parts(SklearnReferences.fit("elastic_net", ["alpha": 0.01, "l1_ratio": 0, "tol": 1e-14, "max_iter": 100_000], on: data))
        let (ridge, ridgeIntercept, _) = try Self.parts(SklearnReferences.fit("ridge", ["alpha": 0.01 * 442], on: data))
        #expect(SklearnReferences.relativeDifference(net + [netIntercept], ridge + [ridgeIntercept]) < 1e-6)
    }

    @Test func ridgeWithoutPenaltyIsLeastSquaresEvenWhenRankDeficient() throws {
        // The third column is the sum of the first two; α = 0 gives the minimum-norm solution.
        let data = try Self.data([[1, 0, 1], [0, 1, 1], [1, 1, 2], [2, 1, 3], [0, 0, 0]], [1, 2, 3, 4, 0.5])
        let (w, b, _) = try Self.parts(SklearnReferences.fit("ridge", ["alpha": 0], on: data))
        let fitted = try data.features.matmul(Vector(w)) + b
        let residual = try (try data.target!.numbers(for: "t")) - fitted
        // Normal equations on the centred design: Xcᵀ r = 0.
        let centred = try CenteredDesign(features: data.features, target: [1, 2, 3, 4, 0.5]).features
        for value in try centred.transposedMatmul(residual) { #expect(abs(value) < 1e-12) }
    }
}

extension JSONDecoder {
    /// A `Decoder` positioned at the top of `data`, for the registry's type-erased decode.
    func decoder(for data: Data) throws -> any Decoder { try decode(DecoderBox.self, from: data).decoder }
}

private struct DecoderBox: Decodable {
    let decoder: any Decoder
    init(from decoder: any Decoder) throws { self.decoder = decoder }
}
