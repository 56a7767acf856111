import Foundation

/// A program running in a detached tmux pane on a private tmux server, driven
/// by keystrokes the way a person types. Every wait has a deadline, so a
/// test using it can fail but never hang.
final class TmuxSession {
    struct Timeout: Error, CustomStringConvertible {
        let description: String
    }

    /// Whether a usable tmux is installed.
    static let isAvailable: Bool = (try? run(["-V"]).status) == 0

    private let socket = "mlx-test-\(UUID().uuidString.prefix(8))"

    /// Starts `command` (a shell command line) in a 120×40 pane.
    init(command: String, environment: [String: String]) throws {
        let exports = environment.sorted { $0.key < $1.key }.map { "export \($0.key)=\(Self.quoted($0.value)); " }.joined()
        let result = try Self.run(["-L", socket, "new-session", "-d", "-s", "test", "-x", "120", "-y", "40", exports + command])
        guard result.status == 0 else { throw Timeout(description: "tmux new-session failed: \(result.output)") }
    }

    deinit {
        _ = try? Self.run(["-L", socket, "kill-server"])
    }

    /// Types `text` literally.
    func type(_ text: String) throws {
        _ = try Self.run(["-L", socket, "send-keys", "-t", "test", "-l", text])
    }

    /// Presses named keys: `Enter`, `Up`, `Tab`, `C-c`, `C-d`, `C-r`.
    func press(_ keys: String...) throws {
        _ = try Self.run(["-L", socket, "send-keys", "-t", "test"] + keys)
    }

    /// Resizes the window, as a person dragging its edge.
    func resize(columns: Int, rows: Int) throws {
        _ = try Self.run(["-L", socket, "resize-window", "-t", "test", "-x", String(columns), "-y", String(rows)])
    }

    /// What the pane shows now.
    func screen() throws -> String {
        try Self.run(["-L", socket, "capture-pane", "-p", "-t", "test", "-S", "-200"]).output
    }

    /// What the pane shows now, without the lines scrolled off its top.
    func visibleScreen() throws -> String {
        try Self.run(["-L", socket, "capture-pane", "-p", "-t", "test"]).output
    }

    /// Waits until the screen satisfies `condition`.
    /// - Throws: `Timeout` with the screen, when `seconds` pass first.
    @discardableResult
    func waitFor(_ what: String, seconds: Double = 15, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let text = try screen()
            if condition(text) { return text }
            guard Date() < deadline else {
                throw Timeout(description: "timed out after \(seconds) s waiting for \(what); screen:\n\(text)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Waits until `text` appears `count` times on the screen.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, seconds: Double = 15) throws -> String {
        try waitFor("\(count)× \"\(text)\"", seconds: seconds) { $0.occurrences(of: text) >= count }
    }

    /// Waits until the last non-empty line of the screen is `line` (tmux
    /// drops trailing spaces, so a prompt `[3] ` waiting for input reads `[3]`).
    @discardableResult
    func waitForLastLine(_ line: String, seconds: Double = 15) throws -> String {
        try waitFor("the last line to be \"\(line)\"", seconds: seconds) { $0.lastNonEmptyLine == line }
    }

    private static func quoted(_ value: String) -> String {
        "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// Runs tmux with `arguments`; tmux commands return at once, but the wait is bounded anyway.
    ///
    /// Spawned directly rather than with Foundation's Process: the test
    /// runner's threads block most signals, children inherit that mask, and
    /// a tmux server (and the mlx under it) with SIGCHLD and SIGINT blocked
    /// hangs. The child gets an empty mask and default handlers.
    private static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-tmux-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        // A file, not a pipe: the tmux server started by new-session inherits
        // the client's descriptors, so a pipe would never reach end of file.
        let pid: pid_t
        do { pid = try CommandLineTests.spawnWithDefaultSignals("tmux", arguments, output: file, errorToOutput: true) } catch {
            throw Timeout(description: "cannot start tmux: \(error)")
        }
        let deadline = Date().addingTimeInterval(10)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard Date() < deadline else {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw Timeout(description: "tmux \(arguments.joined(separator: " ")) did not return")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let output = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return ((status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1, output)
    }
}

extension String {
    var lastNonEmptyLine: String {
        split(separator: "\n").last { !$0.allSatisfy { $0 == " " } }.map(String.init) ?? ""
    }

    func occurrences(of text: String) -> Int {
        components(separatedBy: text).count - 1
    }
}
