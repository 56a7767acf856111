import ArgumentParser
import Console
import Foundation
import Language
import Runs

/// `mlx run FILE.mlx`: runs a script headless, for CI.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an .mlx script headless; the exit code tells the outcome.",
        discussion: """
            Exit codes: \(ExitStatus.allCases.filter { $0 != .replayMismatch && $0 != .inputsChanged }.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: "; ")).
            With GITHUB_ACTIONS=true, failed asserts and errors are also printed as workflow annotations.
            Every run is recorded in the run store (see `mlx runs`) unless --no-record or MLX_NO_RECORD=1.
            """
    )

    @ArgumentParser.Argument(help: "The script to run, or - to read it from standard input.")
    var script: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a script parameter declared with `param`.", valueName: "name=value"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Write a JUnit XML report (each assert is a test case).", valueName: "file"))
    var junit: String?

    @Option(help: "Significant digits for numbers in tables and matrices (printed numbers are always exact).")
    var digits: Int = 6

    @OptionGroup var recording: RecordingOptions

    func validate() throws {
        guard (1...17).contains(digits) else { throw ValidationError("--digits must be from 1 to 17") }
    }

    func run() throws {
        let started = Date()
        if let junit, let problem = ReportFile.problem(writing: junit) {
            throw usage("cannot write the JUnit report to \(junit): \(problem)")
        }
        let output = StandardStreams()
        let source: SourceFile, program: Program, syntaxErrors: [Diagnostic]
        var parameters: [String: Value] = [:]
        do throws(CommandFailure) {
            source = try readScript()
            (program, syntaxErrors) = Parser.parse(source)
            // Syntax errors come first (the runner reports them, exit 2): a statement that did not
            // parse may be the very `param` an override names.
            do throws(ParameterOverrides.Refusal) {
                if syntaxErrors.isEmpty { parameters = try ParameterOverrides.values(overrides, for: program) }
            } catch {
                throw CommandFailure(error.message)
            }
        } catch {
            let refusal = usage(error.message)
            if let junit {
                // A report an earlier run left at the path would otherwise stand for this one.
                let xml = JUnitReport.xml(
                    scriptName: script == "-" ? "<stdin>" : script, assertions: [], stoppedBy: .refused(error.message),
                    duration: Date().timeIntervalSince(started))
                _ = Self.writeReport(xml, to: junit, output: output)
            }
            throw refusal
        }
        let githubActions = ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true"
        let renderer = ValueRenderer(numbers: NumberFormat(significantDigits: digits))
        var host = FileSystemHost()
        let recorder = recording.recorder(
            RunRecorder.Start(
                kind: .script, script: source.name, source: source.text, workingDirectory: host.workingDirectory, overrides: overrides,
                digits: digits, mlxVersion: MLXVersion.current, databaseDeferred: RecordingOptions.scriptRunDefersDatabase && !program.deploys))
        recorder?.resolvePath = host.resolve
        host.deployer = recording.deployer(lineage: recorder)
        let runner = ScriptRunner(
            output: output, colour: StandardStreams.useColour, githubAnnotations: githubActions, renderer: renderer, recorder: recorder)
        let interpreter = Interpreter(host: host, sink: runner.sink, parameterOverrides: parameters)
        if let junit {
            let scriptName = source.name
            StopSignal.install { signal in
                let progress = runner.progress
                let xml = JUnitReport.xml(
                    scriptName: scriptName, assertions: progress.assertions, stoppedBy: .interrupted(by: signal, atLine: progress.line),
                    duration: Date().timeIntervalSince(started))
                _ = Self.writeReport(xml, to: junit, output: output)
            }
        }
        let outcome = runner.run(source, with: interpreter)
        var reportWritten = true
        StopSignal.endRun {
            recorder?.finish(status: outcome.status.runStatus, exitCode: outcome.status.rawValue)
            if let number = recorder?.number, isatty(STDERR_FILENO) != 0 {
                output.standardError("mlx: recorded as run #\(number) (mlx show \(number))\n")
            }
            if let junit {
                let xml = JUnitReport.xml(scriptName: source.name, outcome: outcome, duration: Date().timeIntervalSince(started))
                reportWritten = Self.writeReport(xml, to: junit, output: output)
            }
        }
        if !reportWritten { throw ExitCode(ExitStatus.usage.rawValue) }
        if outcome.status != .success { throw ExitCode(outcome.status.rawValue) }
    }

    /// Writes a report to the `--junit` path; false, said on standard error, when it cannot.
    private static func writeReport(_ xml: String, to path: String, output: StandardStreams) -> Bool {
        do {
            try ReportFile.write(xml, to: path)
            return true
        } catch {
            let target = (try? ReportFile.destination(of: path))?.path ?? path
            output.standardError("mlx: cannot write the JUnit report to \(path): \(PathProblem.writing(target))\n")
            return false
        }
    }

    /// The script, or why it cannot be read.
    private func readScript() throws(CommandFailure) -> SourceFile {
        do throws(ScriptFile.Refusal) {
            return script == "-" ? try ScriptFile.readStandardInput() : try ScriptFile.read(script)
        } catch {
            throw CommandFailure(error.message)
        }
    }

    /// Reports a bad command line (such as a refused `--set`) and exits 64.
    private func usage(_ message: String) -> Error {
        ProcessOutput.standardError("mlx: \(message)\n")
        return ExitCode(ExitStatus.usage.rawValue)
    }
}
