import Numerics
import Tables

/// The estimators `train` knows, by name, with type-erased fit and decode.
public enum EstimatorRegistry {
    /// One estimator, its options, and how to fit it or decode its fitted form.
    public struct Entry: Sendable {
        public let name: String
        public let task: ModelTask
        public let options: [String]
        /// Validates the options (before any data is looked at) and returns the fit.
        let prepare: @Sendable (Hyperparameters) throws -> @Sendable (TrainingData, inout RandomGenerator) throws -> any FittedModel
        let decode: @Sendable (any Decoder) throws -> any FittedModel
    }

    static func entry<E: Estimator>(_ type: E.Type) -> Entry {
        Entry(
            name: E.name, task: E.task, options: E.options,
            prepare: { hyperparameters in
                try hyperparameters.requireKnown(E.options)
                let estimator = try E(hyperparameters)
                return { data, random in try estimator.fit(data, random: &random) }
            },
            decode: { decoder in try E.Fitted(from: decoder) })
    }

    public static let entries: [Entry] = [
        entry(LinearRegression.self),
        entry(RidgeRegression.self),
        entry(LassoRegression.self),
        entry(ElasticNetRegression.self),
        entry(LogisticRegression.self),
        entry(KNearestNeighbors.self),
        entry(KNearestNeighborsRegression.self),
        entry(GaussianNaiveBayes.self),
        entry(DecisionTreeClassifier.self),
        entry(DecisionTreeRegressor.self),
        entry(RandomForest.self),
        entry(KMeans.self),
        entry(PrincipalComponents.self),
        entry(MultilayerPerceptron.self), entry(MultilayerPerceptronRegression.self),
    ]

    /// The entry called `name`.
    /// - Throws: `LearningError` naming the known estimators.
    public static func entry(named name: String) throws -> Entry {
        if let entry = entries.first(where: { $0.name == name }) { return entry }
        if let close = Spelling.closest(to: name, among: entries.map(\.name)) {
            throw LearningError("unknown model kind '\(name)'; did you mean '\(close)'?")
        }
        throw LearningError("unknown model kind '\(name)'; known kinds: \(entries.map(\.name).joined(separator: ", "))")
    }
}
