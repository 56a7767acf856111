import Numerics

/// An unfitted model: validated hyper-parameters and a `fit` that returns a
/// distinct fitted type, so an unfitted model cannot predict.
public protocol Estimator: Sendable {
    associatedtype Fitted: FittedModel
    /// The name used in `train NAME on …`.
    static var name: String { get }
    static var task: ModelTask { get }
    /// The option names `with …` accepts.
    static var options: [String] { get }
    /// Validates and stores the hyper-parameters.
    init(_ hyperparameters: Hyperparameters) throws
    /// Fits on `data`; randomised estimators draw only from `random`.
    func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted
}

/// A fitted model: predicts, and serialises to plain data (`Codable`, no code).
public protocol FittedModel: Codable, Sendable {
    /// The estimator name it came from.
    static var name: String { get }
    var task: ModelTask { get }
    /// Predictions for the rows of `features` (same columns as in training).
    func predict(_ features: Matrix) throws -> Prediction
    /// As `predict(_:)`, for a model whose predictions can take long (they search the
    /// training rows): stops when `interruption` asks, between blocks of rows.
    func predict(_ features: Matrix, interruption: Interruption) throws -> Prediction
    /// A one-line description for display.
    var summary: String { get }
    /// Named values the language exposes (`model.coefficients`, `model.r_squared`).
    var fields: [(name: String, value: ModelField)] { get }
    /// What a person should know about the fit (that it is not unique, say), for `train` to warn.
    var fittingWarnings: [String] { get }
    /// Throws unless the parameters agree with each other and with the document that holds them:
    /// `featureCount` features and `classCount` classes (0 for a model that is not a classifier).
    /// A document edited by hand or written by another tool is refused when it is read, rather
    /// than crashing or answering nonsense at its first prediction.
    /// - Throws: `DataError` (from `ParameterCheck`) or `LearningError` naming the parameter at
    ///   fault and what it should hold.
    func checkConsistency(featureCount: Int, classCount: Int) throws
}

extension FittedModel {
    public var fittingWarnings: [String] { [] }

    public func predict(_ features: Matrix, interruption: Interruption) throws -> Prediction { try predict(features) }
}

/// A value a fitted model exposes to the language.
public enum ModelField: Sendable {
    case number(Double)
    case vector(Vector)
    case matrix(Matrix)
    case strings([String])
    case record([(name: String, value: ModelField)])
}

extension FittedModel {
    public var fields: [(name: String, value: ModelField)] { [] }
}
