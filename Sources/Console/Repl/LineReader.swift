/// What reading one line of input produced.
public enum LineInput: Sendable, Equatable {
    /// A line, without its line break.
    case line(String)
    /// Ctrl-C at the prompt: the line being typed is abandoned.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
    /// A line longer than `limit` bytes, skipped to its end without being kept.
    case overlong(limit: Int)
}

/// Where the REPL gets its input: libedit on a terminal, plain standard input
/// otherwise, a fixed list of lines in tests. The session logic is the same
/// for all three.
public protocol LineReader: AnyObject {
    /// Shows `prompt` (if the reader shows prompts) and reads one line.
    func read(prompt: String) -> LineInput
    /// Remembers a line the user entered, for recall and `:history`.
    func addHistory(_ line: String)
    /// The remembered lines, oldest first (for a terminal, including earlier sessions).
    var history: [String] { get }
}
