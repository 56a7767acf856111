import Foundation
import Language
import Runs
import Testing

@testable import Console

/// The REPL's loop, driven by scripted lines instead of a terminal.
@Suite struct ReplSessionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Runs `lines` in a fresh session; returns the session, its reader and what it wrote.
    func session(_ lines: [String], in directory: String = repository) -> (ReplSession, ScriptedLineReader, CapturedOutput) {
        let reader = ScriptedLineReader(lines: lines)
        let output = CapturedOutput()
        let session = ReplSession(reader: reader, output: output, workingDirectory: directory)
        session.run()
        return (session, reader, output)
    }

    @Test func cellsAreNumberedAndBareExpressionsShown() {
        let (session, reader, output) = session(["x = 2", "x * 21", "", "print(\"hi\")"])
        #expect(reader.prompts == ["[1] ", "[2] ", "[3] ", "[3] ", "[4] "])
        #expect(output.standardOutputText == "42\nhi\n")
        #expect(session.cellCount == 3)
        #expect(session.status == .success)
    }

    @Test func underscoreAndOutReachEarlierValues() {
        let (_, _, output) = session(["10", "20", "_ + 1", "out(1) + out(3)", "out(99)"])
        #expect(output.standardOutputText == "10\n20\n21\n31\n")
        #expect(output.standardErrorText.contains("cell 5:1:5: error: out(): cell 99 has no value (cells with values: 1, 2, 3, 4)"))
    }

    /// A built-in function's name used as a value is explained, not answered with its own name.
    @Test func aFunctionUsedAsAValueIsExplained() {
        let (_, _, output) = session(["x = mean", "type(print)", "mean.x", "meen"])
        let errors = output.standardErrorText
        #expect(errors.contains("cell 1:1:5: error: 'mean' is a function, which cannot be used as a value"))
        #expect(errors.contains("= help: call it: mean(...)"))
        #expect(errors.contains("cell 2:1:6: error: 'print' is a function, which cannot be used as a value"))
        #expect(errors.contains("cell 3:1:1: error: 'mean' is a function"))
        #expect(errors.contains("cell 4:1:1: error: unknown name 'meen'; did you mean 'mean'?"))
        #expect(!errors.contains("did you mean 'mean'?\n  1 | x = mean"))
    }

    /// A cell that produced no value (`print`) leaves `_` and `out` as they were.
    @Test func aCellWithoutAValueLeavesUnderscoreAlone() {
        let (_, _, output) = session(["5", "print(\"x\")", "_ + 1", "print(_)", "out(4)"])
        #expect(output.standardOutputText == "5\nx\n6\n6\n")
        #expect(output.standardErrorText.contains("error: out(): cell 4 has no value (cells with values: 1, 3)"))
    }

    @Test func errorsAreLocatedAndKeepState() {
        let (session, _, output) = session(["a = 5", "b = a +", "c = mean(\"x\")", "a"])
        #expect(output.standardOutputText == "5\n")
        let errors = output.standardErrorText
        #expect(errors.contains("cell 2:1:8: error:"))
        #expect(errors.contains("cell 3:1:10: error: mean(): 'x' must be numbers"))
        #expect(session.status == .runtimeError)
        #expect(session.interpreter.variables["a"].map { if case .number(5) = $0 { true } else { false } } == true)
    }

    /// A row index outside a matrix is an error the session survives, as it is for a vector.
    @Test func aMatrixRowOutOfRangeIsAnErrorNotACrash() {
        let (session, _, output) = session(["m = [[1, 2], [3, 4]]", "m[2]", "m[-3]", "m[0]"])
        #expect(output.standardOutputText == "[1, 2]\n")
        #expect(output.standardErrorText.contains("cell 2:1:3: error: index 2 is out of range for matrix of length 2"))
        #expect(output.standardErrorText.contains("cell 3:1:3: error: index -3 is out of range for matrix of length 2"))
        #expect(session.status == .runtimeError)
    }

    @Test func multiLineInputGathersUntilComplete() {
        let (session, reader, output) = session(["v = [1,", "  2, 3]", "for i in v:", "    print(i * 10)", "", "len(v)"])
        #expect(reader.prompts == ["[1] ", "...: ", "[2] ", "...: ", "...: ", "[3] ", "[4] "])
        #expect(output.standardOutputText == "10\n20\n30\n3\n")
        #expect(session.savedCells == ["v = [1,\n  2, 3]", "for i in v:\n    print(i * 10)", "len(v)"])
    }

    /// A string is on one line: an unterminated one is reported when its line ends, and the
    /// next line is a new cell instead of a continuation that swallows everything after it.
    @Test func anUnterminatedStringIsReportedAtTheEndOfItsLine() {
        let (session, reader, output) = session(["s = \"abc", "print(\"after\")", "x = ('a", "1 + 1"])
        #expect(reader.prompts == ["[1] ", "[2] ", "[3] ", "[4] ", "[5] "])
        #expect(output.standardOutputText == "after\n2\n")
        #expect(output.standardErrorText.hasPrefix("""
            cell 1:1:5: error: unterminated string
              1 | s = "abc
                |     ^~~~
            """))
        #expect(output.standardErrorText.contains("cell 3:1:6: error: unterminated string"))
        #expect(session.status == .syntaxError)
    }

    @Test func anUnindentedLineEndsABlockWithoutABlankLine() {
        let (session, _, output) = session(["for i in [1, 2]:", "    print(i)", "print(\"done\")"])
        #expect(output.standardOutputText == "1\n2\ndone\n")
        #expect(session.cellCount == 2)
    }

    /// A comment says nothing about blocks: one ending in `:` does not wait for a body, and
    /// one after a header's colon does not end the block at its first line.
    @Test func commentsDoNotOpenOrCloseBlocks() {
        let (session, reader, output) = session(["x = 1  # values:", "for i in [1, 2]:  # loop", "    print(i)", "    print(i * 10)", ""])
        #expect(reader.prompts == ["[1] ", "[2] ", "...: ", "...: ", "...: ", "[3] "])
        #expect(output.standardOutputText == "1\n10\n2\n20\n")
        #expect(output.standardErrorText.isEmpty)
        #expect(session.status == .success)
    }

    @Test func ctrlCAtThePromptDropsThePendingLines() {
        let reader = ScriptedLineReader([.line("x = [1,"), .interrupted, .line("x = 3"), .line("x")])
        let output = CapturedOutput()
        ReplSession(reader: reader, output: output).run()
        #expect(reader.prompts == ["[1] ", "...: ", "[1] ", "[2] ", "[3] "])
        #expect(output.standardOutputText == "3\n")
    }

    /// At a terminal an interrupted cell's error starts on a line of its own, past the `^C` the
    /// terminal echoed; that line break is the terminal's, not the cell's, and is not recorded.
    @Test func theLineBreakAfterCtrlCIsNotRecorded() {
        let recorder = RunRecorder(store: nil, start: RunRecorder.Start(kind: .repl, workingDirectory: "/tmp", mlxVersion: "test"))
        let output = CapturedOutput()
        let cancellation = Cancellation()
        let session = ReplSession(
            reader: ScriptedLineReader(lines: ["for i in range(1000000000): y = i"]), output: output, cancellation: cancellation,
            interactive: true, recorder: recorder)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { cancellation.cancel() }
        session.run()
        #expect(output.standardErrorText.hasPrefix("\ncell 1:1:"))
        let cell = recorder.record.cells[0]
        #expect(cell.interrupted)
        #expect(cell.output.hasPrefix("cell 1:1:"), "\(cell.output)")
    }

    /// `:quit` on a continuation line leaves, and other meta commands run after dropping the
    /// unfinished cell, at a terminal and piped, in a block or inside brackets; a line starting
    /// with ': ' inside brackets is code (a record's name, then its value on the next line).
    @Test func aMetaCommandEndsAnUnfinishedCell() {
        let lines = ["for i in [1, 2]:", ":vars", "p = {x", "    : 1}", "q = (1 +", ":vars", "for j in [3]:", "    :quit", "p"]
        let reader = ScriptedLineReader(lines: lines)
        let output = CapturedOutput()
        let session = ReplSession(reader: reader, output: output, workingDirectory: Self.repository, interactive: true)
        session.run()
        #expect(reader.prompts == ["[1] ", "...: ", "[1] ", "...: ", "[2] ", "...: ", "[2] ", "...: "])
        let dropped = "(the unfinished cell was dropped)\n"
        #expect(output.standardOutputText == dropped + "no variables yet\n" + dropped + "p  record  {x: 1}\n" + dropped)
        #expect(session.cellCount == 1)
        #expect(session.status == .success)

        let (piped, _, pipedOutput) = self.session(["for i in [1]:", "    :vars", "", "p = {x", "    : 1}", "p", "x = [1,", ":q", "print(1)"])
        #expect(piped.status == .success)
        #expect(pipedOutput.standardOutputText == dropped + "no variables yet\n{x: 1}\n" + dropped)
        // A record's value that is a name, on a line of its own, is code: only command names count.
        let (_, _, nameValue) = self.session(["b = 2", "r = {x", ":b}", "r"])
        #expect(nameValue.standardOutputText == "{x: 2}\n", "\(nameValue.standardErrorText)")
        let (_, _, quitInBlock) = self.session(["for i in [1]:", ":quit", "print(1)"])
        #expect(quitInBlock.standardOutputText == dropped)
        #expect(quitInBlock.standardErrorText.isEmpty)
    }

    @Test func failedAssertsAndSyntaxErrorsSetTheStatus() {
        #expect(session(["assert 1 == 2"]).0.status == .assertionFailed)
        #expect(session(["assert 1 == 2", "x = )"]).0.status == .syntaxError)
        #expect(session(["x = )", "y"]).0.status == .runtimeError)
        #expect(session(["# only a comment", "1"]).0.cellCount == 1)
    }

    @Test func varsListsNamesTypesAndValues() {
        let (_, _, output) = session(["iris = load \"datasets/iris.csv\"", "n = 3", "name = \"setosa\"", ":vars"])
        #expect(
            output.standardOutputText == """
                iris  table   <table 150×5>
                n     number  3
                name  string  "setosa"

                """)
    }

    @Test func resetForgetsStateButKeepsNumbering() {
        let (session, reader, output) = session(["x = 1", ":reset", "x"])
        #expect(reader.prompts.last == "[3] ")
        #expect(output.standardOutputText.contains("numbering goes on at [2]"))
        #expect(output.standardErrorText.contains("cell 2:1:1: error:"))
        #expect(session.interpreter.variables.isEmpty)
        #expect(session.savedCells.isEmpty)
    }

    @Test func saveWritesAScriptThatRunsHeadless() throws {
        let directory = try temporaryDirectory()
        let (_, _, output) = session(
            [
                "data = load \"\(Self.repository)/datasets/iris.csv\"", "bad = nosuch(1)", "m = mean(data.sepal_length)",
                "for k in [1, 2]:", "    print(k)", "", "assert m > 5, \"mean too small\"", ":save s.mlx",
            ], in: directory)
        #expect(output.standardOutputText.hasSuffix("saved 4 cells to s.mlx\n"))
        let script = try String(contentsOfFile: directory + "/s.mlx", encoding: .utf8)
        #expect(!script.contains("nosuch"))
        let headless = CapturedOutput()
        let runner = ScriptRunner(output: headless)
        let outcome = runner.run(
            SourceFile(name: "s.mlx", text: script), with: Interpreter(host: FileSystemHost(workingDirectory: directory), sink: runner))
        #expect(outcome.status == .success)
        #expect(outcome.cellsRun == 4)
        #expect(headless.standardOutputText == "1\n2\n")
    }

    @Test func loadRunsEachStatementAsACell() throws {
        let directory = try temporaryDirectory()
        try "a = 2\nb = a * 3\nb\nfor i in [1]:\n    print(i)\nc = nosuch\nd = 1\n".write(
            toFile: directory + "/in.mlx", atomically: true, encoding: .utf8)
        let (session, reader, output) = session([":load in.mlx", "out(3) + a"], in: directory)
        #expect(output.standardOutputText == "6\n1\n8\n")
        #expect(output.standardErrorText.contains("in.mlx:6:5: error:"))
        #expect(output.standardErrorText.contains("stopped loading in.mlx at line 6"))
        #expect(session.interpreter.variables["d"] == nil)
        #expect(reader.prompts == ["[1] ", "[6] ", "[7] "])
        #expect(session.savedCells == ["a = 2", "b = a * 3", "b", "for i in [1]:\n    print(i)", "out(3) + a"])
    }

    /// `:load` reads what `mlx run` reads and says why it will not read the rest.
    @Test func loadSaysWhyAFileCannotBeRead() throws {
        let directory = try temporaryDirectory()
        #expect(mkfifo(directory + "/fifo.mlx", 0o600) == 0)
        try FileManager.default.createDirectory(atPath: directory + "/folder.mlx", withIntermediateDirectories: false)
        try Data(Array("x = 1\ny = \"".utf8) + [0xC0, 0x22]).write(to: URL(fileURLWithPath: directory + "/latin1.mlx"))
        let (session, _, output) = session(
            [":load folder.mlx", ":load fifo.mlx", ":load /dev/zero", ":load none.mlx", ":load latin1.mlx"], in: directory)
        #expect(output.standardErrorText.split(separator: "\n") == [
            "error: cannot read folder.mlx: it is a folder, not a file",
            "error: cannot read fifo.mlx: it is a pipe, not a file",
            "error: cannot read /dev/zero: it is a device, not a file",
            "error: cannot read none.mlx: no such file",
            "error: latin1.mlx:2:6: invalid UTF-8: byte 0xC0 is not part of a valid character",
        ])
        #expect(session.status == .runtimeError)
    }

    @Test func metaCommandsAreParsedAndErrorsExplained() {
        #expect(MetaCommand.parse(":help mean") == .success(.help(topic: "mean")))
        #expect(MetaCommand.parse("  :save \"my run.mlx\" ") == .success(.save(path: "my run.mlx")))
        #expect(MetaCommand.parse(":q") == .success(.quit))
        #expect(MetaCommand.parse(":save") == .failure(MetaCommandError(":save needs a file name, as in :save session.mlx")))
        #expect(MetaCommand.parse(":save \"\"") == .failure(MetaCommandError(":save needs a file name, as in :save session.mlx")))
        // A quote left open is not part of the file's name.
        #expect(MetaCommand.parse(":save \"my run.mlx") == .failure(MetaCommandError("the quote before my run.mlx is not closed; end it with \"")))
        #expect(MetaCommand.parse(":load 'x.mlx\"") == .failure(MetaCommandError("the quote before x.mlx\" is not closed; end it with '")))
        #expect(MetaCommand.parse(":help \"") == .failure(MetaCommandError("the quote is not closed; end it with \"")))
        #expect(MetaCommand.parse(":load 'x.mlx'") == .success(.load(path: "x.mlx")))
        #expect(MetaCommand.parse(":save \"a b.mlx\" c") == .failure(MetaCommandError("unexpected c after the quoted a b.mlx")))
        #expect(
            MetaCommand.parse(":var") == .failure(MetaCommandError("unknown command :var; did you mean :vars? (:help lists the commands)")))
        let (session, _, output) = session([":nope", ":quit", "1"])
        #expect(output.standardErrorText.hasPrefix("error: unknown command :nope"))
        #expect(output.standardOutputText.isEmpty && session.status == .runtimeError)
    }

    @Test func helpCoversMetaCommandsBuiltinsStepsAndCategories() {
        let (_, _, output) = session([":help", ":help mean", ":help steps", ":help utilities", ":help meen"])
        let text = output.standardOutputText
        // Each usage is followed by at least two spaces, the longest ones included.
        #expect(text.contains("  :save FILE.mlx  write this session's"))
        #expect(text.contains("  :load FILE.mlx  run a script's"))
        #expect(text.contains("  :vars           variables"))
        #expect(text.contains("  Statistics: mean, median"))
        #expect(text.contains("mean(x, skip_missing = false)\n  Arithmetic mean"))
        #expect(text.contains("  standardize [columns]"))
        #expect(text.contains("out(n)"))
        #expect(output.standardErrorText.contains("no help on 'meen'; did you mean 'mean'?"))
    }

    @Test func timeAndHistory() {
        let (session, _, output) = session([":time", "1 + 1", ":history"])
        #expect(session.showsTimes)
        let lines = output.standardOutputText.split(separator: "\n").map(String.init)
        #expect(lines[0] == "cell times on" && lines[1] == "2" && lines[2].hasPrefix("time: ") && lines[2].hasSuffix(" ms"))
        #expect(lines.suffix(3) == ["    1  :time", "    2  1 + 1", "    3  :history"])
    }

    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-repl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
