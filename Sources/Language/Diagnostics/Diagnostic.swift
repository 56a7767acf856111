/// A problem found in a program: data, not text, rendered by `DiagnosticRenderer`.
public struct Diagnostic: Error, Sendable, Equatable {
    public enum Severity: String, Sendable {
        case error, warning, note
    }

    public let severity: Severity
    /// What is wrong, starting in lower case: "expected ')' to close '(' at line 3".
    public let message: String
    /// Where, in `source`.
    public let range: SourceRange
    public let source: SourceFile
    /// Extra lines shown under the caret ("help: …").
    public let notes: [String]

    public init(_ severity: Severity = .error, _ message: String, at range: SourceRange, in source: SourceFile, notes: [String] = []) {
        self.severity = severity
        self.message = message
        self.range = range
        self.source = source
        self.notes = notes
    }

    /// One-based line of the start of the range.
    public var line: Int { source.line(of: range.start) }
    /// One-based column of the start of the range.
    public var column: Int { source.column(of: range.start) }
}
