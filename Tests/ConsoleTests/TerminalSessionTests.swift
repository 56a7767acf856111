import Foundation
import Testing

/// The real `mlx` binary in a pseudo-terminal (tmux), used the way a person
/// uses it: typing, Up arrow, Tab, Ctrl-R, Ctrl-C, Ctrl-D.
///
/// It drives the binary of the same build: `swift test` builds every target,
/// the `mlx` executable included, next to the test bundle.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed (apt-get install -y tmux); the terminal tests need it"))
struct TerminalSessionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `mlx` built alongside this test bundle, else the package's `.build/debug/mlx`.
    static var binary: String? {
        let candidates: [String?] = [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("mlx").path,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mlx").path,
            repository.appendingPathComponent(".build/debug/mlx").path,
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A terminal running this build's `mlx` in the repository `runs` times in a row, then saying
    /// `MLX-EXITED-<status>`, with a history file of its own for the caller to remove.
    static func session(runs: Int = 1) throws -> (terminal: TmuxSession, history: String) {
        try terminal { mlx in Array(repeating: mlx + "; ", count: runs).joined() + "echo MLX-EXITED-$?; sleep 60" }
    }

    /// A terminal in the repository running the shell command `command(mlx)`, given this
    /// build's `mlx`, with a history file of its own for the caller to remove.
    static func terminal(_ command: (String) -> String, environment extra: [String: String] = [:]) throws -> (
        terminal: TmuxSession, history: String
    ) {
        let mlx = try #require(binary, "no mlx executable next to the tests or in .build/debug; run `swift build --product mlx`")
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-history-\(UUID().uuidString)").path
        let environment = ["MLX_HISTORY": history, "LANG": "C.UTF-8", "NO_COLOR": "1", "MLX_STORE": CommandLineTests.store].merging(extra) { $1 }
        return (try TmuxSession(command: "cd \(repository.path) && " + command(mlx), environment: environment), history)
    }

    @Test(.timeLimit(.minutes(2)))
    func aPersonAtTheTerminal() throws {
        let (terminal, history) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: history) }

        try terminal.waitForLastLine("[1]")
        try terminal.type("x = 20 + 1")
        try terminal.press("Enter")
        try terminal.type("x * 2")
        try terminal.press("Enter")
        try terminal.waitForLastLine("[3]")
        #expect(try terminal.screen().contains("[2] x * 2\n42\n[3]"))

        // Up recalls the previous line.
        try terminal.press("Up")
        try terminal.waitForLastLine("[3] x * 2")
        try terminal.press("Enter")
        try terminal.waitForLastLine("[4]")

        // Tab completes a built-in's name.
        try terminal.type("transp")
        try terminal.press("Tab")
        try terminal.waitForLastLine("[4] transpose")
        try terminal.type("([[1, 2]])")
        try terminal.press("Enter")
        try terminal.waitFor("2×1 matrix")

        // Ctrl-C interrupts a long loop; the earlier state survives.
        try terminal.type("for i in range(100000000): y = i")
        try terminal.press("Enter")
        Thread.sleep(forTimeInterval: 1.5)
        #expect(try terminal.screen().lastNonEmptyLine == "[5] for i in range(100000000): y = i", "the loop should still be running")
        try terminal.press("C-c")
        let interrupted = try terminal.waitForLastLine("[6]", seconds: 20)
        #expect(interrupted.contains("cell 5:1:28: error: interrupted"))
        try terminal.type("x")
        try terminal.press("Enter")
        try terminal.waitFor("[6] x\n21\n[7]")

        // Ctrl-C at the prompt abandons the line.
        try terminal.type("half a line")
        try terminal.waitForLastLine("[7] half a line")
        try terminal.press("C-c")
        try terminal.waitFor("[7] half a line^C\n[7]")

        // Ctrl-R finds an earlier line.
        try terminal.press("C-r")
        try terminal.type("20 +")
        // libedit shows the match on the prompt line and the pattern under it.
        try terminal.waitForLastLine("bck:20 +")
        #expect(try terminal.screen().contains("[7] x = 20 + 1\nbck:20 +"))
        try terminal.press("Enter")
        try terminal.waitForLastLine("[8]")
        #expect(try terminal.screen().contains("[7] x = 20 + 1\n"))

        // Ctrl-D leaves; the history is saved in libedit's format.
        try terminal.press("C-d")
        try terminal.waitFor("MLX-EXITED-0")
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        #expect(saved.hasPrefix("_HiStOrY_V2_\n"))
        #expect(saved.contains("x\\040*\\0402\n"))
    }

    /// After a line longer than libedit's first buffer (here 6,000 bytes, recalled and run again),
    /// Tab still sees the line: it completes a path after `load "` (closing the string at the
    /// line's end, not before a quote already typed), a column after `iris.`, a word in the
    /// middle of a line, and the session does not corrupt its memory doing so.
    @Test(.timeLimit(.minutes(2)))
    func completionAfterALongLine() throws {
        let (terminal, history) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: history) }
        try terminal.waitForLastLine("[1]")
        try terminal.type("iris = load \"datasets/ir")
        try terminal.press("Tab")
        try terminal.waitForLastLine("[1] iris = load \"datasets/iris.csv\"")
        try terminal.press("Enter")
        try terminal.waitForLastLine("[2]")
        try terminal.type("x = mean(iris.sepal_l")
        try terminal.press("Tab")
        try terminal.waitForLastLine("[2] x = mean(iris.sepal_length")
        try terminal.type(")")
        try terminal.press("Enter")
        try terminal.waitForLastLine("[3]")
        try terminal.type("s = \"" + String(repeating: "é", count: 3000) + "\"")
        try terminal.press("Enter")
        try terminal.waitForLastLine("[4]")
        try terminal.press("Up")
        try terminal.press("Enter")
        try terminal.waitForLastLine("[5]")
        try terminal.type(":load dat")
        try terminal.press("Tab")
        try terminal.waitForLastLine("[5] :load datasets/")
        try terminal.press("C-u")
        try terminal.type(":load \"datasets/ir\"")
        try terminal.press("Left")
        try terminal.press("Tab")
        try terminal.waitForLastLine("[5] :load \"datasets/iris.csv\"")
        try terminal.press("C-u")
        try terminal.type(":help s")
        try terminal.press("Tab")
        try terminal.press("Tab")
        try terminal.waitFor("skewness")
        try terminal.press("C-u")
        try terminal.type("m = mean(iris.sepal_w)")
        try terminal.press("Left")
        try terminal.press("Tab")
        try terminal.waitForLastLine("[5] m = mean(iris.sepal_width)")
        try terminal.press("Enter")
        try terminal.waitFor("[6]")
        try terminal.type("m")
        try terminal.press("Enter")
        try terminal.waitFor("3.057333333333333")
        try terminal.press("C-d")
        try terminal.waitFor("MLX-EXITED-0")
    }

    /// A window narrowed or widened while a line wider than it is typed: the
    /// line is laid out again for the new width, once, and still runs as typed.
    @Test(.timeLimit(.minutes(1)))
    func aResizedWindowLaysTheLineOutAgain() throws {
        let (terminal, history) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: history) }
        try terminal.waitForLastLine("[1]")
        let line = "x = " + (1...30).map(String.init).joined(separator: " + ")
        try terminal.type(line)
        try terminal.waitFor("+ 30")
        try terminal.resize(columns: 50, rows: 40)
        try terminal.type(" + 31")
        try terminal.press("C-a")
        try terminal.type("y")
        // The screen's last rows are the line, wrapped at the window's width.
        // (Rows of the old layout may show above it: tmux keeps them in its scrollback
        // as the window narrows, and brings them back as it widens.)
        try terminal.waitFor("the line laid out for 50 columns") { _ in Self.endsWith("[1] y" + line + " + 31", wrappedAt: 50, terminal) }
        try terminal.resize(columns: 120, rows: 40)
        try terminal.press("C-e")
        try terminal.type(" + 32")
        try terminal.waitFor("the line laid out for 120 columns") { _ in Self.endsWith("[1] y" + line + " + 31 + 32", wrappedAt: 120, terminal) }
        try terminal.press("Enter")
        try terminal.waitForLastLine("[2]")
        try terminal.type("yx")
        try terminal.press("Enter")
        try terminal.waitFor("\n528\n")
        try terminal.press("C-d")
        try terminal.waitFor("MLX-EXITED-0")
    }

    /// The rows moved up over at a resize are counted in cells, not in the
    /// bytes libedit counts the cursor's place in: multi-byte characters before
    /// the cursor must not send the line up over earlier output, and erase it.
    @Test(.timeLimit(.minutes(1)))
    func aResizeKeepsTheOutputAboveALineOfWideBytes() throws {
        let (terminal, history) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: history) }
        try terminal.waitForLastLine("[1]")
        try terminal.type("1 + 1")
        try terminal.press("Enter")
        try terminal.waitForLastLine("[2]")
        try terminal.type("\"" + String(repeating: "é", count: 30) + "\"")
        try terminal.press("C-a")
        for _ in 1...14 { try terminal.press("Right") }
        try terminal.resize(columns: 20, rows: 40)
        try terminal.press("C-e")
        try terminal.press("BSpace")
        try terminal.waitFor("the line laid out for 20 columns") { _ in
            Self.endsWith("[2] \"" + String(repeating: "é", count: 30), wrappedAt: 20, terminal)
        }
        let screen = try terminal.visibleScreen()
        #expect(screen.contains("[1] 1 + 1\n2\n"), "the cell above the line was erased:\n\(screen)")
        try terminal.press("C-u", "C-d")
        try terminal.waitFor("MLX-EXITED-0")
    }

    /// A resize that comes between the bytes of an arrow key's escape sequence
    /// waits for its end: the key still recalls history, and no `[A` is typed.
    @Test(.timeLimit(.minutes(1)))
    func aResizeWithinAnArrowKeyWaitsForItsEnd() throws {
        let (terminal, history) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: history) }
        try terminal.waitForLastLine("[1]")
        try terminal.type("x = 1")
        try terminal.press("Enter")
        try terminal.waitForLastLine("[2]")
        try terminal.press("Escape")
        Thread.sleep(forTimeInterval: 0.2)
        try terminal.resize(columns: 80, rows: 40)
        Thread.sleep(forTimeInterval: 0.2)
        try terminal.type("[A")
        try terminal.waitForLastLine("[2] x = 1")
        try terminal.press("C-u", "C-d")
        try terminal.waitFor("MLX-EXITED-0")
    }

    /// Whether the visible screen ends with `text` wrapped at `columns` (tmux
    /// drops the spaces at the ends of rows, so they are not compared).
    static func endsWith(_ text: String, wrappedAt columns: Int, _ terminal: TmuxSession) -> Bool {
        let rows = ((try? terminal.visibleScreen()) ?? "").split(separator: "\n")
        let withoutSpaces = { (text: String) in text.filter { $0 != " " } }
        return withoutSpaces(rows.joined()).hasSuffix(withoutSpaces(text)) && rows.last.map(String.init) == String(text.suffix(text.count % columns))
    }

    /// Ctrl-Z stops the REPL; after `fg` the prompt and the line typed so far
    /// are back, and keys edit it again.
    @Test(.timeLimit(.minutes(1)))
    func ctrlZThenFgBringsTheLineBack() throws {
        // An interactive shell, for job control.
        let (terminal, history) = try Self.terminal({ _ in "exec bash --norc --noprofile -i" }, environment: ["PS1": "shell$ "])
        defer { try? FileManager.default.removeItem(atPath: history) }
        let mlx = try #require(Self.binary)
        try terminal.waitForLastLine("shell$")
        try terminal.type(mlx)
        try terminal.press("Enter")
        try terminal.waitForLastLine("[1]")
        try terminal.type("a = 41")
        try terminal.waitForLastLine("[1] a = 41")
        // Twice: each stop is caught afresh.
        for stop in 1...2 {
            try terminal.press("C-z")
            try terminal.waitFor("Stopped", count: stop)
            try terminal.waitForLastLine("shell$")
            try terminal.type("fg")
            try terminal.press("Enter")
            try terminal.waitForLastLine("[1] a = 41")
        }
        try terminal.press("BSpace")
        try terminal.type("0 + 2")
        try terminal.waitForLastLine("[1] a = 40 + 2")
        try terminal.press("Enter")
        try terminal.waitForLastLine("[2]")
        try terminal.type("a")
        try terminal.press("Enter")
        try terminal.waitFor("[2] a\n42\n")
        try terminal.press("C-d")
        try terminal.waitForLastLine("shell$")
    }

    @Test(.timeLimit(.minutes(1)))
    func historyPersistsAcrossSessions() throws {
        let (terminal, history) = try Self.session(runs: 2)
        defer { try? FileManager.default.removeItem(atPath: history) }
        try terminal.waitForLastLine("[1]")
        try terminal.type("seed 7  # from the first session")
        try terminal.press("Enter")
        try terminal.waitForLastLine("[2]")
        try terminal.type(":quit")
        try terminal.press("Enter")
        // Leaving names the run the session was recorded as.
        try terminal.waitFor("[2] :quit\nsession recorded as run #")
        try terminal.waitFor(" (mlx show ")
        try terminal.waitForLastLine("[1]")
        try terminal.press("Up")
        try terminal.waitForLastLine("[1] :quit")
        try terminal.press("Up")
        try terminal.waitForLastLine("[1] seed 7  # from the first session")
        try terminal.press("C-u", "C-d")
        try terminal.waitFor("MLX-EXITED-0")
    }
}
