import Numerics

/// A multilayer perceptron classifier (`mlp`): ReLU hidden layers, a softmax
/// output with one unit per class, mean log loss plus (α/2n)·Σ‖W‖², trained by
/// Adam on shuffled mini-batches (`NetworkTraining`), as scikit-learn's
/// `MLPClassifier(solver="adam")`.
///
/// One difference from scikit-learn: two classes get two softmax units, where
/// scikit-learn uses one logistic unit (and a Glorot factor of 2 for it); the
/// models are equally expressive. Training is stochastic, so parity with
/// scikit-learn is in accuracy, not in weights.
///
/// Every class in the target's labels gets an output unit, including one with
/// no training rows (its probability is then driven towards 0). A single
/// training row is allowed: it is one batch of one row.
public struct MultilayerPerceptron: Estimator {
    public static let name = "mlp"
    public static let task = ModelTask.classification
    public static let options = PerceptronOptions.names

    let options: PerceptronOptions

    public init(_ hyperparameters: Hyperparameters) throws {
        options = try PerceptronOptions(hyperparameters)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let (codes, labels) = try data.target!.classCodes(for: Self.name)
        var oneHot = Matrix(rows: codes.count, columns: labels.count)
        for (i, code) in codes.enumerated() { oneHot[i, code] = 1 }
        let training = try NetworkTraining.train(
            sizes: [data.features.columns] + options.hidden + [labels.count], output: .softmax,
            x: data.features, targets: oneHot, options: options, random: &random, interruption: data.interruption)
        return Fitted(training: training)
    }

    /// The trained network and its loss curve.
    public struct Fitted: FittedModel, Equatable {
        public static let name = MultilayerPerceptron.name
        public var task: ModelTask { .classification }

        public let training: NetworkTraining

        /// Class probabilities from the softmax; the class is the most probable,
        /// the first of equals (as numpy's argmax).
        public func predict(_ features: Matrix) throws -> Prediction {
            let p = training.network.layerSizes[0]
            guard features.columns == p else { throw LearningError("the model takes \(p) features, got \(features.columns)") }
            let probabilities = try training.network.predict(features)
            let codes = (0..<features.rows).map { i in (0..<probabilities.columns).max { probabilities[i, $0] < probabilities[i, $1] }! }
            return .classes(codes: codes, probabilities: probabilities)
        }

        public func checkConsistency(featureCount: Int, classCount: Int) throws {
            try training.network.checkShape("training.network", inputs: featureCount, outputs: classCount, output: .softmax)
        }

        public var summary: String { "multilayer perceptron classifier: \(training.description)" }

        public var fields: [(name: String, value: ModelField)] { training.fields }
    }
}
