import Numerics

/// A multilayer perceptron regressor (`mlp_regression`): ReLU hidden layers,
/// one identity output unit, scikit-learn's squared error (1/2n)·Σ(y − ŷ)²
/// plus (α/2n)·Σ‖W‖², trained by Adam on shuffled mini-batches
/// (`NetworkTraining`), as `MLPRegressor(solver="adam")`.
///
/// The target is used as given; like scikit-learn, the network learns a
/// target of large scale slowly, so standardise features (and large targets)
/// first. A single training row is allowed: it is one batch of one row.
public struct MultilayerPerceptronRegression: Estimator {
    public static let name = "mlp_regression"
    public static let task = ModelTask.regression
    public static let options = PerceptronOptions.names

    let options: PerceptronOptions

    public init(_ hyperparameters: Hyperparameters) throws {
        options = try PerceptronOptions(hyperparameters)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let y = try data.target!.numbers(for: Self.name)
        let training = try NetworkTraining.train(
            sizes: [data.features.columns] + options.hidden + [1], output: .identity,
            x: data.features, targets: y.columnMatrix, options: options, random: &random, interruption: data.interruption)
        return Fitted(training: training)
    }

    /// The trained network and its loss curve.
    public struct Fitted: FittedModel, Equatable {
        public static let name = MultilayerPerceptronRegression.name
        public var task: ModelTask { .regression }

        public let training: NetworkTraining

        public func predict(_ features: Matrix) throws -> Prediction {
            let p = training.network.layerSizes[0]
            guard features.columns == p else { throw LearningError("the model takes \(p) features, got \(features.columns)") }
            return .values(Vector(try training.network.predict(features).storage))
        }

        public func checkConsistency(featureCount: Int, classCount: Int) throws {
            try training.network.checkShape("training.network", inputs: featureCount, outputs: 1, output: .identity)
        }

        public var summary: String { "multilayer perceptron regressor: \(training.description)" }

        public var fields: [(name: String, value: ModelField)] { training.fields }
    }
}
