import Foundation
import Language
import Runs

/// The notebook loop: reads lines from a `LineReader`, gathers them into
/// cells, runs each cell as `[n]` and shows its value. Independent of libedit,
/// so tests drive it with scripted lines.
///
/// An error in a cell is shown and the session goes on with its state
/// intact; `status` remembers the worst outcome, for the exit code of a
/// session fed from a pipe.
public final class ReplSession {
    /// The interpreter holding the session's variables and cell values.
    public let interpreter: Interpreter
    /// Set by the Ctrl-C handler to stop the running cell; reset before each cell.
    public let cancellation: Cancellation
    /// Cells numbered so far; the next prompt is `[cellCount + 1]`.
    public internal(set) var cellCount = 0
    /// The source of every cell that ran without an error, for `:save`.
    public internal(set) var savedCells: [String] = []
    /// Whether each cell's wall time is shown (`:time`).
    public internal(set) var showsTimes = false
    /// The worst outcome so far: a runtime error (or failed meta command) over
    /// a syntax error over a failed assert over success.
    public private(set) var status: ExitStatus = .success

    /// Records every cell (and `:reset`) as part of the session's run.
    public let recorder: RunRecorder?
    let reader: any LineReader
    let output: CellOutput
    /// The output itself, for what only keeps the terminal tidy and is no part of the run.
    private let terminal: any ScriptOutput
    let host: FileSystemHost
    /// A person at a terminal (echo `:load`ed cells, move past a `^C`).
    let interactive: Bool
    private var pending: [String] = []
    var finished = false
    /// The value digest of the statements the last cell ran, for the recorder.
    var lastCellDigest = CellDigest()
    /// Whether Ctrl-C stopped the last cell, for the recorder.
    var lastCellInterrupted = false

    /// - Parameters:
    ///   - interactive: a person is typing at a terminal.
    ///   - colour: ANSI colour in diagnostics.
    ///   - recorder: records the session as a run.
    ///   - interpreterHost: where the interpreter reads files (a replay's snapshots); by default the working directory.
    public init(
        reader: any LineReader, output: any ScriptOutput, workingDirectory: String = FileManager.default.currentDirectoryPath,
        cancellation: Cancellation = Cancellation(), interactive: Bool = false, colour: Bool = false,
        renderer: ValueRenderer = ValueRenderer(), recorder: RunRecorder? = nil, interpreterHost: (any InterpreterHost)? = nil
    ) {
        self.reader = reader
        self.cancellation = cancellation
        self.interactive = interactive
        self.recorder = recorder
        self.host = FileSystemHost(workingDirectory: workingDirectory)
        self.terminal = output
        let shown = CellOutput(output: recorder.map { RecordingOutput(output, recorder: $0) } ?? output, renderer: renderer, colour: colour)
        self.output = shown
        self.interpreter = Interpreter(host: interpreterHost ?? host, sink: recorder.map { EventFanOut([shown, $0]) } ?? shown, cancellation: cancellation)
        recorder?.resolvePath = { [host] in host.resolve($0) }
    }

    /// Reads and runs cells until the input ends or `:quit`.
    /// - Returns: `status`.
    @discardableResult
    public func run() -> ExitStatus {
        while !finished {
            switch reader.read(prompt: prompt) {
            case .line(let text): accept(text)
            case .interrupted: pending = []
            case .overlong(let limit):
                // The cell it belonged to cannot run without it.
                pending = []
                fail("an input line longer than \(Self.describe(bytes: limit)) was skipped, with the cell it was part of")
            case .endOfInput:
                // A last statement without its closing empty line still runs.
                flush()
                finished = true
            }
        }
        return status
    }

    /// `64 MiB`, or `100 bytes` for a size that is not whole mebibytes.
    static func describe(bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    /// `[n] ` for a new cell, `...: ` aligned under it for a continuation line.
    public var prompt: String {
        let first = "[\(cellCount + 1)] "
        guard !pending.isEmpty else { return first }
        return String(repeating: " ", count: Swift.max(0, first.count - 4)) + "...: "
    }

    /// What completion sees of this session.
    public func completionContext() -> Completion.Context {
        Completion.Context(variables: interpreter.variables, workingDirectory: host.workingDirectory)
    }

    // MARK: Lines into cells

    /// Adds one line: runs a finished cell or meta command, or keeps
    /// gathering an incomplete statement.
    func accept(_ line: String) {
        // An unindented line after a block starts the next statement, as in a
        // script, so piped files need no blank line after each block.
        if !pending.isEmpty, Self.startsStatement(line), !Lexer.isIncomplete(pendingText + "\n") { flush() }
        let blank = line.trimmingSpaces().isEmpty
        if pending.isEmpty, blank { return }
        if !blank { reader.addHistory(line) }
        // A meta command on a continuation line drops the unfinished cell, as Ctrl-C would,
        // at a terminal and piped alike, inside brackets or a block.
        if pending.isEmpty ? MetaCommand.isMetaCommand(line) : MetaCommand.isMetaCommandInsideCell(line) {
            if !pending.isEmpty {
                pending = []
                output.write("(the unfinished cell was dropped)")
            }
            perform(line)
            return
        }
        pending.append(line)
        if !Lexer.isIncomplete(pendingText) { flush() }
    }

    private var pendingText: String { pending.joined(separator: "\n") }

    private static func startsStatement(_ line: String) -> Bool {
        guard let first = line.first else { return false }
        return first != " " && first != "\t" && first != "#"
    }

    private func flush() {
        guard !pending.isEmpty else { return }
        let text = pendingText
        pending = []
        runCell(text)
    }

    // MARK: Cells

    /// Parses and runs `text` as the next cell.
    func runCell(_ text: String) {
        let number = cellCount + 1
        let source = SourceFile(name: "cell \(number)", text: text)
        let (program, errors) = Parser.parse(source)
        // A cell of only comments uses no number.
        if errors.isEmpty, program.statements.isEmpty { return }
        cellCount = number
        recorder?.beginCell()
        guard errors.isEmpty else {
            output.report(errors)
            record(.syntaxError)
            recorder?.endCell(number: number, source: text, succeeded: false, valueDigest: nil)
            return
        }
        // The cell is recorded before `:time` shows its time, which a replay could never match.
        let ran = timed {
            let ran = execute(program.statements, in: source, cell: number)
            recorder?.endCell(
                number: number, source: text, succeeded: ran == program.statements.count, value: lastCellDigest,
                interrupted: lastCellInterrupted)
            return ran
        }
        if ran == program.statements.count {
            savedCells.append(text.trimmingTrailingBlankLines())
        } else {
            savedCells += program.statementTexts.prefix(ran)
        }
    }

    /// Runs statements as cell `cell`, stopping at the first error.
    /// - Returns: how many ran without error.
    func execute(_ statements: [Statement], in source: SourceFile, cell: Int) -> Int {
        cancellation.reset()
        defer { if output.takeFailedAssertions() > 0 { record(.assertionFailed) } }
        lastCellDigest = CellDigest()
        lastCellInterrupted = false
        for (index, statement) in statements.enumerated() {
            do {
                let value = try interpreter.run(statement, in: source, cell: cell)
                if let value { output.show(value) }
                if recorder != nil {
                    lastCellDigest.add(statement, value: value, variables: interpreter.variable)
                }
            } catch {
                // The terminal echoed ^C without a line break. The break is not recorded:
                // the run shows the cell's output, not the keys typed while it ran.
                lastCellInterrupted = error.message == "interrupted"
                if interactive, lastCellInterrupted { terminal.standardError("\n") }
                output.report([error])
                record(.runtimeError)
                return index
            }
        }
        return statements.count
    }

    /// Runs `body`, showing its wall time when `:time` is on.
    func timed<T>(_ body: () -> T) -> T {
        guard showsTimes else { return body() }
        let clock = ContinuousClock()
        let start = clock.now
        let result = body()
        output.write("time: " + Self.format(clock.now - start))
        return result
    }

    static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1000) }
        return String(format: "%.2f s", seconds)
    }

    /// Remembers `outcome` if it is worse than what happened so far.
    func record(_ outcome: ExitStatus) {
        let rank: [ExitStatus: Int] = [.success: 0, .assertionFailed: 1, .syntaxError: 2, .runtimeError: 3]
        if rank[outcome, default: 0] > rank[status, default: 0] { status = outcome }
    }
}

extension String {
    /// Without trailing empty or whitespace-only lines.
    func trimmingTrailingBlankLines() -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, last.trimmingSpaces().isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
