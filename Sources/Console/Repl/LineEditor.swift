@preconcurrency import CEditLine
import Foundation
import Language

/// Line editing at a terminal through libedit's readline emulation: Emacs
/// keys, Up/Down and Ctrl-R over a persistent history, Tab completion, and
/// Ctrl-C that abandons the line being typed.
///
/// libedit keeps one editor per process, so there is at most one LineEditor.
public final class LineEditor: LineReader {
    /// Where history persists between sessions (libedit's own format, not GNU
    /// readline's), or nil to keep it for this session only.
    public let historyPath: String?
    /// The most history lines kept.
    public static let historyLimit: Int32 = 1000

    /// - Parameters:
    ///   - historyPath: the history file, read now and rewritten after each line.
    ///   - cancellation: cancelled by Ctrl-C while a cell runs.
    ///   - completion: the session's state for Tab completion, asked at each Tab.
    public init(historyPath: String?, cancellation: Cancellation, completion: @escaping () -> Completion.Context) {
        self.historyPath = historyPath
        completionSource = completion
        InterruptSignal.install(cancellation: cancellation)
        Self.useCharacterLocale()
        // libedit reads these when it initialises: no signal handling of its
        // own (ours cancels cells), our reader for EINTR, our completion.
        rl_readline_name = UnsafePointer(strdup("mlx"))
        rl_catch_signals = 0
        rl_getc_function = readCharacter
        rl_attempted_completion_function = completeWord
        rl_completion_append_character = 0
        rl_initialize()
        using_history()
        stifle_history(Self.historyLimit)
        if let historyPath { read_history(historyPath) }
    }

    /// libedit decodes and displays characters through the C library's
    /// locale, which is "C" (ASCII only) until set: take the environment's,
    /// and fall back to C.UTF-8 when the environment names none, so typed
    /// non-ASCII characters are not lost.
    private static func useCharacterLocale() {
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? "C"
        if chosen == "C" || chosen == "POSIX" { setlocale(LC_CTYPE, "C.UTF-8") }
    }

    /// The history file: `$MLX_HISTORY` (empty: none), else `~/.mlx_history`.
    public static func defaultHistoryPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["MLX_HISTORY"] { return path.isEmpty ? nil : path }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.mlx_history"
    }

    public func read(prompt: String) -> LineInput {
        _ = InterruptSignal.takePending()
        let line = readline(prompt)
        defer { free(line) }
        if InterruptSignal.takePending() {
            // libedit leaves the cursor on the abandoned line.
            ProcessOutput.standardOutput("^C\n")
            return .interrupted
        }
        guard let line else {
            ProcessOutput.standardOutput("\n")
            return .endOfInput
        }
        return .line(String(cString: line))
    }

    public func addHistory(_ line: String) {
        add_history(line)
        if let historyPath { write_history(historyPath) }
    }

    public var history: [String] {
        (0..<history_length).compactMap { offset in
            history_get(history_base + offset).flatMap { $0.pointee.line.map { String(cString: $0) } }
        }
    }
}

// libedit calls plain C functions, which cannot capture context: completion
// reaches the session through this global, set by the one LineEditor.
nonisolated(unsafe) private var completionSource: (() -> Completion.Context)?

/// libedit's character source: one Unicode scalar from standard input.
/// Returns -1 (end of line input) when Ctrl-C interrupted the read, so the
/// line is abandoned; other interruptions (window resizes) are retried.
private func readCharacter(_ file: UnsafeMutablePointer<FILE>?) -> Int32 {
    guard let lead = readByte() else { return -1 }
    let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    guard length > 1 else { return Int32(lead) }
    // libedit stores each character as a wchar_t: decode UTF-8 here, since a
    // byte-wise reader would split multi-byte characters.
    var scalar = UInt32(lead) & (0x7F >> length)
    for _ in 1..<length {
        guard let next = readByte() else { return -1 }
        scalar = scalar << 6 | UInt32(next & 0x3F)
    }
    return Int32(bitPattern: scalar)
}

private func readByte() -> UInt8? {
    var byte: UInt8 = 0
    while true {
        let count = Foundation.read(STDIN_FILENO, &byte, 1)
        if count == 1 { return byte }
        if count < 0, errno == EINTR, !InterruptSignal.isPending { continue }
        return nil
    }
}

/// libedit's completion hook: our candidates, fitted to the word libedit
/// chose (its word-break characters differ from ours).
private func completeWord(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<
    UnsafeMutablePointer<CChar>?
>? {
    rl_attempted_completion_over = 1
    guard let source = completionSource, let text, let buffer = rl_line_buffer else { return nil }
    let line = String(cString: buffer)
    // libedit counts the cursor in characters (wide characters), not bytes.
    var scalars = String.UnicodeScalarView()
    scalars.append(contentsOf: line.unicodeScalars.prefix(Int(end)))
    let completion = Completion.complete(String(scalars), in: source())
    let word = String(cString: text)
    let matches = completion.candidates.compactMap { fit($0, replacing: completion.replacing, to: word) }
    guard !matches.isEmpty else { return nil }
    // readline's convention: the common prefix first, then each match, then NULL.
    let entries = matches.count == 1 ? matches : [commonPrefix(matches)] + matches
    // libedit frees the array and its strings with free(), so both come from malloc.
    let size = MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1)
    guard let memory = malloc(size) else { return nil }
    let array = memory.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
    for (index, entry) in entries.enumerated() { array[index] = strdup(entry) }
    array[entries.count] = nil
    return array
}

/// `candidate` replaces `replacing`; libedit replaces `word`. When one is a
/// suffix of the other, the difference is kept or dropped.
private func fit(_ candidate: String, replacing: String, to word: String) -> String? {
    if word.hasSuffix(replacing) { return String(word.dropLast(replacing.count)) + candidate }
    if replacing.hasSuffix(word), candidate.hasPrefix(replacing) { return String(candidate.dropFirst(replacing.count - word.count)) }
    return nil
}

private func commonPrefix(_ strings: [String]) -> String {
    guard var prefix = strings.first else { return "" }
    for s in strings.dropFirst() {
        while !s.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
}
