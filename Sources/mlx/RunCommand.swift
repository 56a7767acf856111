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
        let source = try readScript()
        let output = StandardStreams()
        let (program, syntaxErrors) = Parser.parse(source)
        var parameters: [String: Value] = [:]
        // Syntax errors come first (the runner reports them, exit 2): a statement that did not
        // parse may be the very `param` an override names.
        do throws(ParameterOverrides.Refusal) {
            if syntaxErrors.isEmpty { parameters = try ParameterOverrides.values(overrides, for: program) }
        } catch {
            throw usage(error.message)
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
        let outcome = runner.run(source, with: interpreter)
        recorder?.finish(status: outcome.status.runStatus, exitCode: outcome.status.rawValue)
        if let number = recorder?.number, isatty(STDERR_FILENO) != 0 {
            output.standardError("mlx: recorded as run #\(number) (mlx show \(number))\n")
        }
        if let junit {
            let xml = JUnitReport.xml(scriptName: source.name, outcome: outcome, duration: Date().timeIntervalSince(started))
            do { try xml.write(toFile: junit, atomically: true, encoding: .utf8) } catch {
                output.standardError("mlx: cannot write the JUnit report to \(junit): \(PathProblem.writing(junit))\n")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
        }
        if outcome.status != .success { throw ExitCode(outcome.status.rawValue) }
    }

    /// The script, or a usage error (exit 64) saying why it cannot be read.
    private func readScript() throws -> SourceFile {
        do throws(ScriptFile.Refusal) {
            return script == "-" ? try ScriptFile.readStandardInput() : try ScriptFile.read(script)
        } catch {
            throw usage(error.message)
        }
    }

    /// Reports a bad command line (such as a refused `--set`) and exits 64.
    private func usage(_ message: String) -> Error {
        ProcessOutput.standardError("mlx: \(message)\n")
        return ExitCode(ExitStatus.usage.rawValue)
    }
}
