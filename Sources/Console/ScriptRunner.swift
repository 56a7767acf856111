import Foundation
import Language
import Runs
import Synchronization
import Tables

/// Runs a whole script headless: every top-level statement is a cell; values
/// of bare expressions and `print` go to standard output, diagnostics and
/// failed asserts to standard error.
public final class ScriptRunner: EventSink, @unchecked Sendable {
    /// One assert's result, in order.
    public struct AssertionResult: Sendable {
        public let outcome: AssertionOutcome
        public let passed: Bool
    }

    /// What a run produced.
    public struct Outcome: Sendable {
        public let status: ExitStatus
        public let assertions: [AssertionResult]
        /// The syntax errors, or the runtime error that stopped the script.
        public let errors: [Diagnostic]
        public let cellsRun: Int
    }

    /// How far a run has got, for a report of a run that a signal stops part way.
    public struct Progress: Sendable {
        /// The asserts run so far, in order.
        public fileprivate(set) var assertions: [AssertionResult] = []
        /// The line where the top-level statement now running starts; nil when none is.
        public fileprivate(set) var line: Int?
    }

    private let output: any ScriptOutput
    /// The output without the recorder's copy: for CI annotations, which are not part of what a cell printed.
    private let unrecordedOutput: any ScriptOutput
    /// Records each statement as a cell of the run, when recording.
    public let recorder: RunRecorder?
    private let renderer: ValueRenderer
    private let diagnostics: DiagnosticRenderer
    private let githubAnnotations: Bool
    /// Locked: a signal's report reads it from another thread while the script runs.
    private let running = Mutex(Progress())

    /// How far the run has got; safe to read from any thread.
    public var progress: Progress { running.withLock { $0 } }

    /// - Parameters:
    ///   - colour: ANSI colour in diagnostics (only for a terminal without NO_COLOR).
    ///   - githubAnnotations: also print `::error` workflow commands (GITHUB_ACTIONS=true).
    ///   - recorder: records the run, cell by cell (the caller finishes it).
    public init(
        output: any ScriptOutput, colour: Bool = false, githubAnnotations: Bool = false, renderer: ValueRenderer = ValueRenderer(),
        recorder: RunRecorder? = nil
    ) {
        self.output = recorder.map { RecordingOutput(output, recorder: $0) } ?? output
        self.unrecordedOutput = output
        self.recorder = recorder
        self.renderer = renderer
        self.diagnostics = DiagnosticRenderer(colour: colour)
        self.githubAnnotations = githubAnnotations
    }

    /// The interpreter's event sink: this runner, and the recorder after it.
    public var sink: any EventSink {
        recorder.map { EventFanOut([self, $0]) } ?? self
    }

    /// Parses and runs `source` with `interpreter` (whose sink should be `sink`).
    public func run(_ source: SourceFile, with interpreter: Interpreter) -> Outcome {
        running.withLock { $0 = Progress() }
        defer { running.withLock { $0.line = nil } }
        let (program, syntaxErrors) = Parser.parse(source)
        guard syntaxErrors.isEmpty else {
            // The whole script is one failed cell: a replay must fail the same way.
            recorder?.beginCell()
            report(syntaxErrors)
            recorder?.endCell(number: 1, source: source.text, succeeded: false, valueDigest: nil)
            return Outcome(status: .syntaxError, assertions: [], errors: syntaxErrors, cellsRun: 0)
        }
        let texts = recorder == nil ? [] : program.statementTexts
        var cell = 0
        for statement in program.statements {
            cell += 1
            let line = source.line(of: statement.range.start)
            running.withLock { $0.line = line }
            recorder?.beginCell()
            do {
                let value = try interpreter.run(statement, in: source, cell: cell)
                if let value { show(value) }
                if let recorder {
                    var digest = CellDigest()
                    digest.add(statement, value: value, variables: interpreter.variable)
                    recorder.endCell(number: cell, source: texts[cell - 1], succeeded: true, value: digest)
                }
            } catch {
                report([error])
                recorder?.endCell(number: cell, source: texts[cell - 1], succeeded: false, valueDigest: nil)
                return Outcome(status: .runtimeError, assertions: progress.assertions, errors: [error], cellsRun: cell)
            }
        }
        let assertions = progress.assertions
        let failed = assertions.contains { !$0.passed }
        return Outcome(status: failed ? .assertionFailed : .success, assertions: assertions, errors: [], cellsRun: cell)
    }

    // MARK: EventSink

    public func emit(_ event: InterpreterEvent) {
        switch event {
        case .printed(let values): output.standardOutput(values.map(renderer.render).joined(separator: " ") + "\n")
        case .shown(let value): show(value)
        case .warning(let d), .deployRefused(let d): report([d])
        case .assertionPassed(let outcome): running.withLock { $0.assertions.append(AssertionResult(outcome: outcome, passed: true)) }
        case .assertionFailed(let outcome):
            running.withLock { $0.assertions.append(AssertionResult(outcome: outcome, passed: false)) }
            report([ScriptRunner.diagnostic(for: outcome)])
        case .seedSet, .parameterSet, .dataLoaded, .modelTrained, .metric: break
        case .modelDeployed(let deployment): output.standardOutput(Self.deployedMessage(deployment) + "\n")
        }
    }

    /// How a deploy is announced: what and where, and how to serve it.
    public static func deployedMessage(_ deployment: Deployment) -> String {
        "deployed \(deployment.name) version \(deployment.version) (serve it with: mlx serve \(deployment.name)@\(deployment.version))"
    }

    /// A failed assert as a diagnostic: the message, the expression, both sides.
    public static func diagnostic(for outcome: AssertionOutcome) -> Diagnostic {
        var notes = [String]()
        if let left = outcome.left, let right = outcome.right {
            notes.append("left:  \(left)")
            notes.append("right: \(right)")
        }
        let message = "assert failed: " + (outcome.message.map { "\($0) (\(outcome.expression))" } ?? outcome.expression)
        return Diagnostic(.error, message, at: outcome.range, in: outcome.source, notes: notes)
    }

    private func show(_ value: Value) {
        if case .none = value { return }
        output.standardOutput(renderer.render(value) + "\n")
    }

    private func report(_ list: [Diagnostic]) {
        output.standardError(diagnostics.render(list) + "\n")
        guard githubAnnotations else { return }
        var columns = ColumnCursor()
        for d in list.prefix(DiagnosticRenderer.maximumShown) where d.severity != .note {
            let kind = d.severity == .warning ? "warning" : "error"
            let column = columns.column(of: d.range.start, in: d.source)
            unrecordedOutput.standardError("::\(kind) file=\(ScriptRunner.escapeAnnotationProperty(d.source.name)),line=\(d.line),col=\(column)::\(ScriptRunner.escapeAnnotation(d.message))\n")
        }
    }

    /// GitHub's workflow-command escaping.
    static func escapeAnnotation(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// GitHub's escaping of a property value such as `file=`: a raw `,` would
    /// start the next property and a raw `:` end the list, cutting the path short.
    static func escapeAnnotationProperty(_ text: String) -> String {
        escapeAnnotation(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
