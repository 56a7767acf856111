/// Something odd but recoverable that a fitted step met while applying, returned as a value
/// so that the caller (the interpreter, a test) decides how to show it.
public struct PreprocessingWarning: Equatable, Sendable, CustomStringConvertible {
    /// The step that met it, e.g. `one_hot`.
    public let step: String
    /// The column concerned.
    public let column: String
    /// How many rows were affected.
    public let rowCount: Int
    /// What happened and what was done about it, for a person.
    public let message: String

    /// Creates a warning.
    public init(step: String, column: String, rowCount: Int, message: String) {
        self.step = step
        self.column = column
        self.rowCount = rowCount
        self.message = message
    }

    /// `step: message`.
    public var description: String { "\(step): \(message)" }
}
