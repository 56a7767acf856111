import Foundation
import Testing

/// `mlx show` and `mlx export` on real runs: a script and a REPL session
/// recorded by the binary, read back, exported, validated and run again.
extension CommandLineTests {
    /// A REPL session with a failed cell and a `:reset` before the cells that count.
    static let session = """
        a = 2
        b = nope
        :reset
        iris = load "datasets/iris.csv"
        a = 20
        for i in [1, 2]:
            print(i * a)

        a * 3

        """

    /// A store of the test's own, so that `last` is the run the test just made.
    static func ownStore() -> [String: String] {
        ["MLX_STORE": FileManager.default.temporaryDirectory.appendingPathComponent("mlx-cli-store-\(UUID().uuidString)").path]
    }

    static func temporaryFile(_ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mlx-cli-\(UUID().uuidString)\(suffix)").path
    }

    /// Runs `arguments`, expecting success; returns standard output.
    static func succeeding(_ arguments: [String], input: String? = nil, in store: [String: String]) throws -> String {
        let result = try mlx(arguments, input: input, environment: store)
        #expect(result.status == 0, "mlx \(arguments.joined(separator: " ")): \(result.err)")
        return result.out
    }

    /// What the recorded cells printed, in order, read from the run's notebook export.
    static func recordedOutput(_ notebook: String) throws -> String {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(notebook.utf8)) as? [String: Any])
        let cells = try #require(document["cells"] as? [[String: Any]])
        let outputs = cells.flatMap { $0["outputs"] as? [[String: Any]] ?? [] }
        return outputs.map { ($0["text"] as? [String] ?? []).joined() }.joined()
    }

    @Test func showPresentsARecordedScriptRun() throws {
        let store = Self.ownStore()
        _ = try Self.succeeding(["run", "scripts/iris_logistic.mlx"], in: store)
        let shown = try Self.succeeding(["show", "last"], in: store)
        #expect(shown.hasPrefix("run #1\n  id        "))
        #expect(shown.contains("\n  from      scripts/iris_logistic.mlx\n  status    ok (exit 0)\n"))
        #expect(shown.contains("\n[5] features = preprocess train_set:\n...:     fill_missing median\n"))
        #expect(shown.contains("\n[8] report\naccuracy     0.9666666666666667\nprecision    0.9696969696969697\n"))
        #expect(shown.contains("\nparameters\n  name  value\n  c     1\n"))
        // The value column is as wide as its widest value: log_loss, whose last digits depend on the BLAS kernel.
        #expect(shown.split(separator: "\n").contains { $0.hasPrefix("  accuracy     0.9666666666666667  ") && $0.hasSuffix(" [7]") })
        #expect(shown.contains("\n  datasets/iris.csv  9cc1c345c71b  3.8 KiB  150   5        kept\n"))
        #expect(shown.contains("\n  [6]   logistic   "))
        #expect(shown.contains("\nenvironment\n  mlx                0.1.0\n"))
        #expect(try Self.succeeding(["show", "1"], in: store) == shown)
    }

    @Test func aScriptRunExportsAsItsSourceAndRunsTheSame() throws {
        let store = Self.ownStore()
        _ = try Self.succeeding(["run", "scripts/iris_logistic.mlx"], in: store)
        let script = Self.temporaryFile(".mlx")
        #expect(try Self.succeeding(["export", "last", "--to", "mlx", "--output", script], in: store).isEmpty)
        let original = try String(
            contentsOf: ScriptCorpusTests.repositoryRoot.appendingPathComponent("scripts/iris_logistic.mlx"), encoding: .utf8)
        #expect(try String(contentsOfFile: script, encoding: .utf8) == original)
        let recorded = try Self.recordedOutput(try Self.succeeding(["export", "last", "--to", "ipynb"], in: store))
        // A store of its own, so that a deploy in the script makes the same first version again.
        #expect(try Self.succeeding(["run", "--no-record", script], in: Self.ownStore()) == recorded)
    }

    /// A file name is data too: its control characters are shown, never sent to the terminal.
    @Test func aScriptNamesControlCharactersAreShownNotSent() throws {
        let store = Self.ownStore()
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/red\u{1B}[31m.mlx"
        try "x = (1\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Self.mlx(["run", path], environment: store)
        #expect(run.status == 2)
        #expect(run.err.hasPrefix(folder + "/red\u{241B}[31m.mlx:1:5: error: "), "\(run.err)")
        let shown = try Self.succeeding(["show", "last"], in: store)
        #expect(shown.contains("red\u{241B}[31m.mlx") && !shown.contains("\u{1B}"))
    }

    /// A failed assert does not stop a script, so its cell ran to its end; it is still
    /// the gate the run failed at, and every view marks it.
    @Test func theCellWhoseAssertFailedIsMarkedAndKept() throws {
        let source = "x = 1\nassert x == 2, \"gate\"\nprint(x)\n"
        for input in [nil, source] {
            let store = Self.ownStore()
            let arguments = input == nil ? ["run", try Self.script(source)] : []
            #expect(try Self.mlx(arguments, input: input, environment: store).status == 1)
            let shown = try Self.succeeding(["show", "last"], in: store)
            #expect(shown.contains("    = right: 2\n✗ assert failed\n\n[3] print(x)\n1\n\n"), "\(shown)")
            #expect(!shown.contains("✗ cell failed"))
            let markdown = try Self.succeeding(["export", "last", "--to", "md"], in: store)
            #expect(markdown.contains("**[2]** ✗ assert failed\n"))
            #expect(try Self.succeeding(["export", "last", "--to", "mlx"], in: store).hasSuffix(source))
        }
    }

    @Test func aSessionExportsAsAScriptThatPrintsWhatItsCellsPrinted() throws {
        let store = Self.ownStore()
        #expect(
            try Self.mlx([], input: Self.session, environment: store).status == 3, "the failed cell makes the session's status an error")
        let shown = try Self.succeeding(["show", "last"], in: store)
        #expect(shown.contains("\n  from      repl\n"))
        #expect(shown.contains("\n[2] b = nope\ncell 2:1:5: error: unknown name 'nope'\n"))
        #expect(
            shown.contains("✗ cell failed\n\n:reset\nall variables and cell values forgotten; numbering goes on at [3]\n\n[3] iris = load"))
        #expect(shown.contains("\n[5] for i in [1, 2]:\n...:     print(i * a)\n20\n40\n\n[6] a * 3\n60\n"))

        let script = try Self.succeeding(["export", "last", "--to", "mlx"], in: store)
        #expect(script.hasSuffix("\niris = load \"datasets/iris.csv\"\na = 20\nfor i in [1, 2]:\n    print(i * a)\na * 3\n"))
        let path = Self.temporaryFile(".mlx")
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let notebook = try Self.succeeding(["export", "last", "--to", "ipynb"], in: store)
        let afterReset = try Self.recordedOutput(notebook).components(separatedBy: "numbering goes on at [3]\n").last
        #expect(try Self.succeeding(["run", "--no-record", path], in: store) == afterReset)
    }

    @Test(.enabled(if: PythonChecker.isAvailable, "needs .venv from dev/test (nbformat)"))
    func exportedNotebooksAreValidForNbformat() throws {
        let store = Self.ownStore()
        _ = try Self.succeeding(["run", "scripts/iris_logistic.mlx"], in: store)
        _ = try Self.mlx([], input: Self.session, environment: store)
        let check = """
            import sys, json, nbformat
            notebook = nbformat.reads(open(sys.argv[1], encoding="utf-8").read(), as_version=4)
            nbformat.validate(notebook)
            code = [cell for cell in notebook.cells if cell.cell_type == "code"]
            print(notebook.nbformat, notebook.nbformat_minor, notebook.metadata.kernelspec.name, json.dumps([cell.execution_count for cell in code]))
            """
        for run in ["1", "2"] {
            let path = Self.temporaryFile(".ipynb")
            try Self.succeeding(["export", run, "--to", "ipynb"], in: store).write(toFile: path, atomically: true, encoding: .utf8)
            let summary = try PythonChecker.run(check, arguments: [path])
            #expect(summary.hasPrefix("4 5 mlx ["), "run \(run): \(summary)")
            let counts = try JSONDecoder().decode([Int?].self, from: Data(summary.dropFirst("4 5 mlx ".count).utf8))
            // The script's statements are numbered from 1; the session's :reset has no number.
            let expected: [Int?] = run == "1" ? (1..<counts.count + 1).map { $0 } : [1, 2, nil, 3, 4, 5, 6]
            #expect(counts == expected && counts.count >= 6, "run \(run): \(counts)")
        }
    }

    @Test func showAndExportFailuresAreUsageErrors() throws {
        let store = Self.ownStore()
        let noStore = try Self.mlx(["show", "last"], environment: store)
        #expect(noStore.status == 64)
        #expect(noStore.err.hasPrefix("mlx: no run store at "))
        _ = try Self.mlx(["run", Self.script("x = 1\n")], environment: store)
        let unknown = try Self.mlx(["export", "9", "--to", "md"], environment: store)
        #expect(unknown.status == 64)
        #expect(unknown.err == "mlx: no run #9 (runs go up to #1)\n")
        let unwritable = try Self.mlx(["export", "last", "--to", "html", "--output", "/nonexistent-folder/run.html"], environment: store)
        #expect(unwritable.status == 64)
        #expect(unwritable.err == "mlx: cannot write /nonexistent-folder/run.html: there is no folder /nonexistent-folder\n")
        let folder = try Self.mlx(["export", "last", "--to", "md", "--output", "/tmp"], environment: store)
        #expect(folder.status == 64 && folder.err == "mlx: cannot write /tmp: it is a folder; give a file name\n")
        #expect(try Self.mlx(["export", "last", "--to", "pdf"], environment: store).status == 64)
    }

    /// `--output` and the REPL's `:save` write to what their path names: a symlink stays a
    /// symlink and its target gets the text, as for `--junit`; a rename over it replaced it.
    @Test func exportAndSaveWriteThroughSymbolicLinks() throws {
        let store = Self.ownStore()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-links-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/shared", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/run.md", withDestinationPath: "shared/run.md")
        try FileManager.default.createSymbolicLink(atPath: folder + "/session.mlx", withDestinationPath: "shared/session.mlx")
        _ = try Self.mlx(["run", Self.script("x = 1\n")], environment: store)
        #expect(try Self.mlx(["export", "last", "--to", "md", "--output", folder + "/run.md"], environment: store).status == 0)
        let saved = try Self.mlx(["--no-record"], input: "y = 2\n:save \(folder)/session.mlx\n")
        #expect(saved.status == 0, "\(saved.err)")
        for name in ["run.md", "session.mlx"] {
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + name)) == "shared/" + name)
            #expect(FileManager.default.contents(atPath: folder + "/shared/" + name)?.isEmpty == false, "\(name)")
        }
    }
}
