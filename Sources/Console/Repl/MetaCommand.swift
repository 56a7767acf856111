import Tables

/// A REPL command that starts with `:`, outside the language.
public enum MetaCommand: Equatable, Sendable {
    case help(topic: String?)
    case vars
    case history
    case save(path: String)
    case load(path: String)
    case reset
    case time
    case quit

    /// Name, argument and one-line description of every meta command, for
    /// `:help` and completion (one table, so the two cannot drift apart).
    public static let all: [(name: String, argument: String, summary: String)] = [
        ("help", "[topic]", "this help; topic: a built-in function, a category, or `steps`"),
        ("vars", "", "variables with their types and brief values"),
        ("history", "", "the input history (this and earlier sessions)"),
        ("save", "FILE.mlx", "write this session's successful cells as a runnable script"),
        ("load", "FILE.mlx", "run a script's statements as cells"),
        ("reset", "", "forget all variables and cell values"),
        ("time", "", "toggle showing each cell's wall time"),
        ("quit", "", "leave the session (Ctrl-D does too)"),
    ]

    /// Whether a line is meant as a meta command (no statement starts with `:`).
    public static func isMetaCommand(_ line: String) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.hasPrefix(":")
    }

    /// Whether a line typed while a cell is unfinished is a meta command: `:` right before a
    /// command's name. A record split across lines may put `: value` on a line of its own, and
    /// the value may be a name (`:b}`), so only a command's own name counts.
    public static func isMetaCommandInsideCell(_ line: String) -> Bool {
        let text = line.drop { $0 == " " || $0 == "\t" }
        guard text.first == ":" else { return false }
        let name = String(text.dropFirst().prefix { $0 != " " && $0 != "\t" })
        return all.contains { $0.name == name } || aliases.contains(name)
    }

    /// Other names `parse` takes for commands.
    private static let aliases: Set<String> = ["h", "?", "q", "exit"]

    /// Parses `:name [argument]`.
    /// - Returns: the command, or a message saying what is wrong with the line.
    public static func parse(_ line: String) -> Result<MetaCommand, MetaCommandError> {
        let trimmed = line.trimmingSpaces()
        let body = trimmed.dropFirst()
        let name = String(body.prefix { $0 != " " && $0 != "\t" })
        let argument = body.dropFirst(name.count).trimmingSpaces()
        if let quote = argument.first, quote == "\"" || quote == "'" {
            // The quotes hold a name with spaces; they are never part of it, as in a shell.
            let quoted = argument.dropFirst()
            guard let end = quoted.firstIndex(of: quote) else {
                return .failure(MetaCommandError("the quote \(quoted.isEmpty ? "" : "before \(quoted) ")is not closed; end it with \(quote)"))
            }
            let after = quoted[quoted.index(after: end)...]
            guard after.isEmpty else { return .failure(MetaCommandError("unexpected \(after.trimmingSpaces()) after the quoted \(quoted[..<end])")) }
        }
        let given = unquoted(argument)
        let word = given.isEmpty ? nil : given  // `:save ""` names no file either
        switch name {
        case "help", "h", "?": return .success(.help(topic: word))
        case "save", "load":
            guard let word else { return .failure(MetaCommandError(":\(name) needs a file name, as in :\(name) session.mlx")) }
            return .success(name == "save" ? .save(path: word) : .load(path: word))
        case "vars", "history", "reset", "time", "quit", "q", "exit":
            guard word == nil else { return .failure(MetaCommandError(":\(name) takes no argument")) }
            return .success(simple(name))
        default:
            var message = "unknown command :\(name)"
            if let s = Spelling.closest(to: name, among: all.map(\.name)) { message += "; did you mean :\(s)?" }
            return .failure(MetaCommandError(message + " (:help lists the commands)"))
        }
    }

    private static func simple(_ name: String) -> MetaCommand {
        switch name {
        case "vars": return .vars
        case "history": return .history
        case "reset": return .reset
        case "time": return .time
        default: return .quit
        }
    }

    /// `"my file.mlx"` → `my file.mlx`, so paths with spaces can be given.
    private static func unquoted(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == text.last, first == "\"" || first == "'" else { return text }
        return String(text.dropFirst().dropLast())
    }
}

/// Why a meta command line could not be understood.
public struct MetaCommandError: Error, Equatable, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
