/// A problem with training or using a model, worded for a person
/// ("c must be > 0", "the target column 'y' has missing values").
public struct LearningError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
