import Language

/// Shows what cells produce: values and `print` output on standard output,
/// diagnostics and failed asserts on standard error. The REPL's event sink.
final class CellOutput: EventSink, @unchecked Sendable {
    // @unchecked: the interpreter emits on the session's thread only; the
    // counters are never touched from elsewhere.
    let output: any ScriptOutput
    let renderer: ValueRenderer
    private let diagnostics: DiagnosticRenderer
    /// Asserts that failed since the last `takeFailedAssertions()`.
    private var failedAssertions = 0

    init(output: any ScriptOutput, renderer: ValueRenderer, colour: Bool) {
        self.output = output
        self.renderer = renderer
        self.diagnostics = DiagnosticRenderer(colour: colour)
    }

    func emit(_ event: InterpreterEvent) {
        switch event {
        case .printed(let values): write(values.map(renderer.render).joined(separator: " "))
        case .shown(let value): show(value)
        case .warning(let d), .deployRefused(let d): report([d])
        case .assertionFailed(let outcome):
            failedAssertions += 1
            report([ScriptRunner.diagnostic(for: outcome)])
        case .assertionPassed, .seedSet, .parameterSet, .dataLoaded, .modelTrained, .metric: break
        case .modelDeployed(let deployment): write(ScriptRunner.deployedMessage(deployment))
        }
    }

    /// A cell's value; `none` shows nothing.
    func show(_ value: Value) {
        if case .none = value { return }
        write(renderer.render(value))
    }

    /// One or more lines on standard output.
    func write(_ text: String) {
        output.standardOutput(text + "\n")
    }

    func report(_ list: [Diagnostic]) {
        output.standardError(diagnostics.render(list) + "\n")
    }

    /// A problem outside the language (a meta command, a file).
    func error(_ message: String) {
        output.standardError("error: \(message)\n")
    }

    /// How many asserts failed since the last call.
    func takeFailedAssertions() -> Int {
        defer { failedAssertions = 0 }
        return failedAssertions
    }
}
