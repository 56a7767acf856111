import Foundation
import Numerics
import Tables
import Testing
@testable import Learning

@Suite(.serialized) struct MultilayerPerceptronTests {
    static func options(_ values: [String: Hyperparameters.Value]) -> Hyperparameters { Hyperparameters(values, estimator: "mlp") }

    /// Features standardised with the mean and population sd of the training
    /// rows, as the reference script does.
    static func standardisedSplit(_ name: String) throws -> (train: TrainingData, test: Matrix, truth: [Int], reference: MLPReferences.Classification) {
        let data = try Dataset.load(name)
        let reference = try #require(MLPReferences.shared.classification[name])
        var x = data.features
        for j in 0..<x.columns {
            let values = reference.train.map { x[$0, j] }
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
            for i in 0..<x.rows { x[i, j] = (x[i, j] - mean) / sd }
        }
        let train = try TrainingData(
            features: x.selectingRows(reference.train), featureNames: data.featureNames,
            target: .classes(codes: reference.train.map { data.codes[$0] }, labels: data.labels))
        return (train, try x.selectingRows(reference.test), reference.test.map { data.codes[$0] }, reference)
    }

    // MARK: backward pass

    /// The analytic gradient against central differences (h = 1e-6) of the
    /// penalised loss, over every weight and bias of a tiny network; the
    /// relative error ‖g − ĝ‖ / ‖g + ĝ‖ must be below 1e-6.
    @Test(arguments: [OutputActivation.softmax, .identity]) func backwardPassMatchesFiniteDifferences(_ output: OutputActivation) throws {
        var random = RandomGenerator(seed: 3)
        let sizes = output == .softmax ? [3, 5, 4, 3] : [3, 6, 1]
        let network = try DenseNetwork.initialised(sizes: sizes, output: output, random: &random)
        let x = try Matrix(rows: 7, columns: 3, columnMajor: (0..<21).map { _ in try random.normal() })
        var targets = Matrix(rows: 7, columns: sizes.last!)
        for i in 0..<7 {
            if output == .softmax { targets[i, i % 3] = 1 } else { targets[i, 0] = try random.normal() }
        }
        let alpha = 0.3
        let analytic = try network.lossAndGradients(x, targets, alpha: alpha).gradients.flatMap { $0.weights + $0.biases }
        var numeric = [Double]()
        let h = 1e-6
        for l in network.layers.indices {
            for (isBias, count) in [(false, network.layers[l].weights.count), (true, network.layers[l].biases.count)] {
                for i in 0..<count {
                    func loss(_ step: Double) throws -> Double {
                        var moved = network
                        if isBias { moved.layers[l].biases[i] += step } else { moved.layers[l].weights[i] += step }
                        return try moved.lossAndGradients(x, targets, alpha: alpha).loss
                    }
                    numeric.append((try loss(h) - loss(-h)) / (2 * h))
                }
            }
        }
        let difference = zip(analytic, numeric).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        let scale = zip(analytic, numeric).reduce(0) { $0 + ($1.0 + $1.1) * ($1.0 + $1.1) }.squareRoot()
        #expect(difference / scale < 1e-6, "relative error \(difference / scale)")
    }

    @Test func softmaxIsStableForHugeScores() throws {
        let p = try OutputActivation.softmax(Matrix(rows: [[1000, 1001, 999], [-1e308, 0, -1e308]]))
        #expect(p.storage.allSatisfy { $0.isFinite })
        #expect(abs(p[0, 0] + p[0, 1] + p[0, 2] - 1) < 1e-15)
        #expect(p[1, 1] == 1)
        // A probability of 0 is clipped to machine epsilon, as scikit-learn: −log ε.
        #expect(OutputActivation.softmax.loss(p, try Matrix(rows: [[0, 1, 0], [1, 0, 0]])) > 17)
    }

    // MARK: learning

    @Test func learnsXor() throws {
        let data = try TrainingData(
            features: Matrix(rows: [[0, 0], [0, 1], [1, 0], [1, 1]]), featureNames: ["a", "b"],
            target: .classes(codes: [0, 1, 1, 0], labels: ["no", "yes"]))
        let model = try fitModel("mlp", data, ["hidden": .number(8), "learning_rate": .number(0.05), "max_iter": .number(500)], seed: 1)
        #expect(predictedCodes(try model.predict(data.features)) == [0, 1, 1, 0])
    }

    @Test func aNetworkTooLargeToAllocateIsRefusedBeforeTraining() throws {
        let data = try TrainingData(
            features: Matrix(rows: [[0, 0], [0, 1], [1, 0], [1, 1]]), featureNames: ["a", "b"],
            target: .classes(codes: [0, 1, 1, 0], labels: ["no", "yes"]))
        #expect {
            try fitModel("mlp", data, ["hidden": .string("1000000,1000000")], seed: 1)
        } throws: { error in
            "\(error)".contains("layers 2 → 1000000 → 1000000 → 2 make 1000006000002 weights, too many (at most 100,000,000)")
        }
        #expect(throws: (any Error).self) { try fitModel("mlp", data, ["hidden": .number(1e9)], seed: 1) }
    }

    @Test func irisIsAtLeast95PercentAndWithinThreePointsOfScikitLearn() throws {
        let split = try Self.standardisedSplit("iris")
        let model = try fitModel("mlp", split.train, [:], seed: 0)
        let ours = accuracy(predictedCodes(try model.predict(split.test)), split.truth)
        #expect(ours >= 0.95, "iris accuracy \(ours)")
        #expect(ours >= split.reference.accuracy.min - 0.03, "ours \(ours), scikit-learn \(split.reference.accuracy)")
    }

    @Test func breastCancerIsWithinThreePointsOfScikitLearn() throws {
        let split = try Self.standardisedSplit("breast_cancer")
        let model = try fitModel("mlp", split.train, [:], seed: 0)
        let ours = accuracy(predictedCodes(try model.predict(split.test)), split.truth)
        #expect(ours >= split.reference.accuracy.min - 0.03, "ours \(ours), scikit-learn \(split.reference.accuracy)")
        #expect(ours <= split.reference.accuracy.max + 0.03, "ours \(ours), scikit-learn \(split.reference.accuracy)")
    }

    /// y = sin(2x₁) + x₂²/2 on [−1.5, 1.5]²: two hidden layers reach a test MSE
    /// well below the target's variance (about 0.6).
    @Test func regressionFitsASmoothFunction() throws {
        var random = RandomGenerator(seed: 5)
        func sample(_ n: Int) throws -> (Matrix, Vector) {
            let x = try Matrix(rows: n, columns: 2, columnMajor: (0..<(2 * n)).map { _ in try random.uniform(in: -1.5..<1.5) })
            return (x, Vector((0..<n).map { sin(2 * x[$0, 0]) + x[$0, 1] * x[$0, 1] / 2 }))
        }
        let (x, y) = try sample(400), (testX, testY) = try sample(200)
        let data = try TrainingData(features: x, featureNames: ["a", "b"], target: .numeric(y))
        let model = try fitModel("mlp_regression", data, ["hidden": .string("32, 32"), "learning_rate": .number(0.01), "batch_size": .number(32)], seed: 2)
        guard case .values(let predicted) = try model.predict(testX) else { Issue.record("expected values"); return }
        let mse = zip(predicted, testY).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(testY.count)
        #expect(mse < 0.01, "test MSE \(mse)")
    }

    // MARK: determinism and serialisation

    /// Bit-identical under a seed, and with OpenBLAS on 1 or 2 threads: training
    /// runs on one BLAS thread, since the AVX-512 kernels sum in another order on two.
    @Test func trainingIsDeterministicUnderASeedAndAnyBlasThreadCount() throws {
        let split = try Self.standardisedSplit("breast_cancer")
        let estimator = try MultilayerPerceptron(Self.options(["hidden": .string("64,32"), "max_iter": .number(20)]))
        // Scoped, so that tests running alongside cannot change the count mid-fit.
        let fits = try [1, 2, 2].map { count in
            try NumericEnvironment.withBLASThreads(count) {
                var random = RandomGenerator(seed: 11)
                return try estimator.fit(split.train, random: &random)
            }
        }
        #expect(fits[0] == fits[1])
        #expect(fits[1] == fits[2])
        var other = RandomGenerator(seed: 12)
        #expect(try estimator.fit(split.train, random: &other) != fits[0])
    }

    @Test func roundTripsExactly() throws {
        let split = try Self.standardisedSplit("iris")
        var random = RandomGenerator(seed: 4)
        let classifier = try MultilayerPerceptron(Self.options(["hidden": .number(10), "max_iter": .number(30)])).fit(split.train, random: &random)
        #expect(try roundTrip(classifier) == classifier)
        #expect(try roundTrip(classifier).predict(split.test) == classifier.predict(split.test))
        let data = try TrainingData(features: split.test, featureNames: ["a", "b", "c", "d"], target: .numeric(Vector((0..<45).map { Double($0) / 45 })))
        let regressor = try MultilayerPerceptronRegression(Self.options(["max_iter": .number(10)])).fit(data, random: &random)
        #expect(try roundTrip(regressor) == regressor)
        #expect(try roundTrip(regressor).predict(split.test) == regressor.predict(split.test))
    }

    /// Through `train` and the model file format: the decoded model predicts
    /// bit-identically on raw rows.
    @Test func savesAndLoadsThroughTheModelDocument() throws {
        let iris = try TableLoader.load(path: Dataset.root.appendingPathComponent("datasets/iris.csv").path).table
        var random = RandomGenerator(seed: 9)
        let trained = try TrainedModel.train(
            "mlp", on: iris, target: "species", hyperparameters: ["hidden": .string("8,4"), "max_iter": .number(20)],
            preprocessing: nil, random: &random)
        let loaded = try ModelDocument.decode(ModelDocument.encode(trained))
        #expect(loaded.estimator == "mlp")
        #expect(try loaded.predict(iris) == trained.predict(iris))
        #expect(try ModelDocument.encode(loaded) == ModelDocument.encode(trained))
    }

    // MARK: fields and stopping

    @Test func exposesLossCurveIterationsAndLayerSizes() throws {
        let split = try Self.standardisedSplit("iris")
        let model = try #require(try fitModel("mlp", split.train, ["hidden": .string("8,6")], seed: 0) as? MultilayerPerceptron.Fitted)
        #expect(model.fields.map(\.name) == ["layer_sizes", "loss_curve", "iterations", "loss", "converged"])
        #expect(model.training.network.layerSizes == [4, 8, 6, 3])
        #expect(model.training.iterations == model.training.lossCurve.count)
        #expect(model.training.loss == model.training.lossCurve.last)
        #expect(model.training.lossCurve.last! < model.training.lossCurve.first!)
        #expect(model.summary.hasPrefix("multilayer perceptron classifier: 4 → 8 → 6 → 3, "))
    }

    /// With a large `tol` no epoch after the first counts as progress (the first
    /// improves on an infinite best), so training stops after
    /// n_iter_no_change + 2 epochs, as scikit-learn's `n_iter_`.
    @Test func stopsWhenTheLossStopsImproving() throws {
        let split = try Self.standardisedSplit("iris")
        let model = try #require(try fitModel("mlp", split.train, ["tol": .number(10), "n_iter_no_change": .number(3)], seed: 0) as? MultilayerPerceptron.Fitted)
        #expect(model.training.iterations == 5)
        #expect(model.training.stoppedEarly)
        let full = try #require(try fitModel("mlp", split.train, ["tol": .number(0), "max_iter": .number(15)], seed: 0) as? MultilayerPerceptron.Fitted)
        #expect(full.training.iterations == 15)
        #expect(!full.training.stoppedEarly)
    }

    // MARK: options and edge cases

    @Test func validatesOptions() throws {
        let cases: [([String: Hyperparameters.Value], String)] = [
            (["learning_rate": .number(0)], "learning_rate must be > 0, got 0"),
            (["hidden": .number(0)], "hidden must be >= 1, got 0"),
            (["hidden": .number(2.5)], "hidden must be a whole number, got 2.5"),
            (["hidden": .string("64,,32")], "hidden must be layer sizes >= 1 like \"64,32\", got \"64,,32\""),
            (["hidden": .string("64,0")], "hidden must be layer sizes >= 1 like \"64,32\", got \"64,0\""),
            (["hidden": .boolean(true)], "hidden must be a layer size or sizes like \"64,32\", got a boolean"),
            (["alpha": .number(-1)], "alpha must be >= 0, got -1"),
            (["batch_size": .number(0)], "batch_size must be >= 1, got 0"),
            (["beta_1": .number(1)], "beta_1 must be >= 0 and < 1, got 1"),
            (["beta_2": .number(-0.1)], "beta_2 must be >= 0, got -0.1"),
            (["epsilon": .number(0)], "epsilon must be > 0, got 0"),
            (["epochs": .number(10), "max_iter": .number(10)], "give epochs or max_iter, not both (they mean the same)"),
            (["n_iter_no_change": .number(0)], "n_iter_no_change must be >= 1, got 0"),
        ]
        for (values, message) in cases {
            #expect(throws: LearningError(message)) { try MultilayerPerceptron(Self.options(values)) }
        }
        #expect(throws: LearningError("mlp has no option 'learning_rat'; did you mean 'learning_rate'?")) {
            try EstimatorRegistry.entry(named: "mlp").prepare(Self.options(["learning_rat": .number(1)]))
        }
        let parsed = try MultilayerPerceptron(Self.options(["hidden": .string(" 64, 32 "), "epochs": .number(7)]))
        #expect(parsed.options.hidden == [64, 32])
        #expect(parsed.options.maxEpochs == 7)
        #expect(try MultilayerPerceptron(Self.options([:])).options.hidden == [100])
    }

    /// One row trains as a single batch of one row and fits that row; a batch
    /// size beyond n is clipped to n; predicting with other columns is an error.
    /// (Each epoch is then one Adam step whose loss oscillates near the
    /// minimum, so the default stopping rule ends training early; this test
    /// turns it off.)
    @Test func oneRowTrainsAndFitsIt() throws {
        let data = try TrainingData(features: Matrix(rows: [[0.5, -1]]), featureNames: ["a", "b"], target: .numeric([2]))
        let model = try fitModel("mlp_regression", data, [
            "hidden": .number(4), "learning_rate": .number(0.01), "batch_size": .number(50), "max_iter": .number(1000), "n_iter_no_change": .number(1000),
        ], seed: 0)
        guard case .values(let y) = try model.predict(data.features) else { Issue.record("expected values"); return }
        #expect(abs(y[0] - 2) < 0.01, "prediction \(y[0])")
        #expect(throws: LearningError("the model takes 2 features, got 3")) { try model.predict(Matrix(rows: 1, columns: 3)) }
        let one = try TrainingData(features: Matrix(rows: [[1, 1]]), featureNames: ["a", "b"], target: .classes(codes: [1], labels: ["a", "b"]))
        let classifier = try fitModel("mlp", one, ["hidden": .number(4), "learning_rate": .number(0.05)], seed: 0)
        #expect(predictedCodes(try classifier.predict(one.features)) == [1])
    }

    @Test func refusesADivergedNetwork() throws {
        let data = try TrainingData(features: Matrix(rows: [[1e300], [-1e300]]), featureNames: ["a"], target: .numeric([1e300, -1e300]))
        #expect(throws: LearningError("training diverged to non-finite weights; standardise the features or lower learning_rate")) {
            try fitModel("mlp_regression", data, ["hidden": .number(3), "learning_rate": .number(1e300), "max_iter": .number(5)])
        }
    }

    @Test func rejectsTheWrongKindOfTarget() throws {
        let numeric = try TrainingData(features: Matrix(rows: [[1], [2]]), featureNames: ["a"], target: .numeric([1, 2]))
        #expect(throws: LearningError("mlp is a classifier and needs a categorical target; this target is numeric")) { try fitModel("mlp", numeric) }
        let classes = try TrainingData(features: Matrix(rows: [[1], [2]]), featureNames: ["a"], target: .classes(codes: [0, 1], labels: ["a", "b"]))
        #expect(throws: LearningError("mlp_regression is a regressor and needs a numeric target; this target is categorical")) { try fitModel("mlp_regression", classes) }
    }
}
