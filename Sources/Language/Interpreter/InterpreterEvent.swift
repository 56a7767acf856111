import Learning
import Tables

/// What happened while a program ran, for the REPL, the script runner and
/// the run recorder to subscribe to. The interpreter itself never prints.
public enum InterpreterEvent: Sendable {
    /// `seed N` set the run's random generator.
    case seedSet(UInt64)
    /// A `param` took its value (`overridden` when it came from `--set`).
    case parameterSet(name: String, value: Value, overridden: Bool)
    /// A file was loaded; its fingerprint was taken before use.
    case dataLoaded(path: String, fingerprint: Fingerprint)
    /// An assert held.
    case assertionPassed(AssertionOutcome)
    /// An assert failed; execution continues.
    case assertionFailed(AssertionOutcome)
    /// `train` fitted a model (recorded content-addressed with the run).
    case modelTrained(ModelValue)
    /// `deploy` shipped a model to the registry.
    case modelDeployed(Deployment)
    /// `deploy` was refused because an assert failed earlier (the run goes on).
    case deployRefused(Diagnostic)
    /// A metric reported by `test`.
    case metric(name: String, value: Double)
    /// Something worth a person's attention that is not an error.
    case warning(Diagnostic)
    /// The `print` built-in: the values to show on one line.
    case printed([Value])
    /// The value of a bare expression inside a loop body, to be shown.
    case shown(Value)
}

/// The details of one assert, for reports (JUnit, GitHub annotations).
public struct AssertionOutcome: Sendable, Equatable {
    /// The asserted expression as written.
    public let expression: String
    /// The user's message, if given.
    public let message: String?
    /// For a comparison, the values on both sides, rendered.
    public let left: String?
    public let right: String?
    /// Where the assert is.
    public let range: SourceRange
    public let source: SourceFile

    public var line: Int { source.line(of: range.start) }
}

/// Receives events as they happen.
public protocol EventSink: AnyObject, Sendable {
    func emit(_ event: InterpreterEvent)
}
