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
        rl_add_defun("mlx-relayout", relayOutLine, Int32(relayoutKey))
        // libedit points rl_line_buffer at a buffer that moves when a longer line comes, and
        // at every Tab writes the line's end through it: into freed memory, past its end,
        // once a line outgrew it (heap corruption). Before each line is read it is pointed at
        // memory of our own that no line outgrows; completion reads the line another way.
        rl_line_buffer = lineEndScratch
        rl_pre_input_hook = pointLineBufferAtScratch
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
        // The window may have changed size while a cell ran.
        rl_resize_terminal()
        currentPrompt = prompt
        escapeSequence = EscapeSequence()
        TerminalSignals.catchWhileReading()
        let line = readline(prompt)
        TerminalSignals.release()
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

/// libedit's hook just before it reads a line, after it set rl_line_buffer its way.
private func pointLineBufferAtScratch() -> Int32 {
    rl_line_buffer = lineEndScratch
    return 0
}

/// What can end the line before an empty word: libedit's default word-break characters, and
/// the quotes and backslash it steps over before a word.
private let wordEnds = Set(" \t\n\"\\'`@$><=;|&{(".unicodeScalars)

/// The last character read that was not a Tab (0 before any).
nonisolated(unsafe) private var lastTypedCharacter: UInt32 = 0

/// Where libedit writes the end of the line at each Tab (see `LineEditor.init`): reserved,
/// not committed, so only the pages written take memory; a line typed at a terminal stays
/// far below its 256 MiB.
nonisolated(unsafe) private let lineEndScratch: UnsafeMutablePointer<CChar> = {
    let size = 256 << 20
    let memory = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
    guard let memory, memory != MAP_FAILED else { return UnsafeMutablePointer<CChar>.allocate(capacity: 1 << 20) }
    return memory.bindMemory(to: CChar.self, capacity: size)
}()

/// libedit's character source: one Unicode scalar from standard input.
/// Returns -1 (end of line input) when Ctrl-C interrupted the read, so the
/// line is abandoned; after other interruptions (a window resize, a return
/// from Ctrl-Z) the line is redrawn and the read retried.
private func readCharacter(_ file: UnsafeMutablePointer<FILE>?) -> Int32 {
    guard let lead = readByte(relayingOut: !escapeSequence.isOpen) else { return -1 }
    if relayoutPending != [] {
        (relayoutRequest, relayoutPending) = (relayoutPending, [])
        return Int32(relayoutKey)
    }
    escapeSequence.advance(past: lead)
    let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    var scalar = UInt32(lead)
    if length > 1 {
        // libedit stores each character as a wchar_t: decode UTF-8 here, since a
        // byte-wise reader would split multi-byte characters.
        scalar &= 0x7F >> length
        for _ in 1..<length {
            guard let next = readByte(relayingOut: false) else { return -1 }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
    }
    if scalar != 9 { lastTypedCharacter = scalar }
    return Int32(bitPattern: scalar)
}

/// The next byte of input; nil at the end of input or after Ctrl-C. With
/// `relayingOut`, 0 after a resize or a return from Ctrl-Z (`relayoutPending`
/// says which); within a character, those wait for the next one.
private func readByte(relayingOut: Bool = true) -> UInt8? {
    var byte: UInt8 = 0
    while true {
        // A Ctrl-C or a signal below caught while keys were being handled, not in the read.
        if InterruptSignal.isPending { return nil }
        if relayingOut {
            relayoutPending.formUnion(TerminalSignals.take())
            if relayoutPending != [] { return 0 }
        }
        let count = Foundation.read(STDIN_FILENO, &byte, 1)
        if count == 1 { return byte }
        if count < 0, errno == EINTR, !InterruptSignal.isPending { continue }
        return nil
    }
}

/// Where the keys read are in a terminal's escape sequence (an arrow key is
/// `ESC [ A`): the key that has libedit lay the line out again must not come
/// between its bytes, or libedit would take the rest for typed text.
private struct EscapeSequence {
    private enum State { case none, escape, parameters }
    private var state = State.none

    var isOpen: Bool { state != .none }

    mutating func advance(past byte: UInt8) {
        switch state {
        case .none: if byte == 0x1B { state = .escape }
        // ESC [ and ESC O take parameters up to a final byte; ESC and another key is a whole Alt key.
        case .escape: state = byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O") ? .parameters : .none
        case .parameters: if (0x40...0x7E).contains(byte) { state = .none }
        }
    }
}

nonisolated(unsafe) private var escapeSequence = EscapeSequence()

/// The key returned to libedit in place of a character to have it call
/// `relayOutLine`, since only a bound function sees the cursor's position:
/// Ctrl-C, which the terminal turns into SIGINT, so it never arrives as a key.
private let relayoutKey: UInt32 = 3

/// What `readByte` caught, until `readCharacter` hands it on as `relayoutRequest`.
nonisolated(unsafe) private var relayoutPending: TerminalSignals.Events = []
/// Why `relayOutLine` is called.
nonisolated(unsafe) private var relayoutRequest: TerminalSignals.Events = []

/// Lays the line out again for a resized window, or after the process was
/// stopped and continued: the shell had the terminal meanwhile and left its
/// own mode and lines on it. libedit has just updated `rl_point` and `rl_end`.
private func relayOutLine(_ count: Int32, _ key: Int32) -> Int32 {
    let events = relayoutRequest
    relayoutRequest = []
    if events.contains(.continued) {
        // The shell may have set its own terminal mode meanwhile. libedit believes the
        // terminal is still in its mode, so it must leave the mode to enter it again.
        rl_deprep_terminal()
        rl_prep_terminal(1)
    }
    if events.contains(.stopped) {
        // The shell leaves the cursor on a line of its own, where the prompt is drawn again.
        TerminalSignals.catchNextStop()
    } else if events.contains(.resized) {
        moveToStartOfPrompt()
    } else {
        // A SIGCONT with no stop seen, or the key itself typed with the terminal's
        // interrupt character changed: the line is still where it was.
        return 0
    }
    rl_resize_terminal()
    // Draws the prompt and line from the cursor, as if the screen were empty there.
    rl_forced_update_display()
    return 0
}

/// Moves the cursor to where the prompt begins and clears the screen below,
/// for a window just resized. Terminals that rewrap lines on a resize (most,
/// tmux among them) have laid the prompt and line out again for the new
/// width, so the cursor is as many rows below the prompt's start as the text
/// before it fills at that width.
private func moveToStartOfPrompt() {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return }
    let rows = (DisplayWidth.of(currentPrompt) + widthBeforeCursor()) / Int(size.ws_col)
    ProcessOutput.standardOutput("\r" + (rows > 0 ? "\u{1B}[\(rows)A" : "") + "\u{1B}[J")
}

/// The line's UTF-8 from its start, through `rl_copy_text`: rl_line_buffer is
/// not the line (see `LineEditor.init`). That copies one byte fewer than
/// `asked` and stops at the line's end, so it never holds the line's last byte.
private func lineBytes(asking asked: Int) -> [UInt8] {
    guard let copied = rl_copy_text(0, Int32(clamping: asked)) else { return [] }
    defer { free(copied) }
    return Array(UnsafeRawBufferPointer(start: copied, count: strlen(copied)))
}

/// The cells the line before the cursor takes. Only where libedit has just
/// set `rl_point` and `rl_end`, which in a bound function count bytes (in
/// completion, characters). A cursor at the end lacks the line's last byte.
private func widthBeforeCursor() -> Int {
    let (point, length) = (Int(rl_point), Int(rl_end))
    guard point > 0 else { return 0 }
    var bytes = lineBytes(asking: point + 1)
    if point >= length { completeLastCharacter(&bytes) }
    return DisplayWidth.of(String(decoding: bytes, as: UTF8.self))
}

/// Makes up the line's last byte, which the copy lacks: the end of a
/// multi-byte character cut short, completed so that its width is its block's,
/// or else a character of its own, one cell wide.
private func completeLastCharacter(_ bytes: inout [UInt8]) {
    var lead = bytes.count
    while lead > 0, bytes[lead - 1] & 0xC0 == 0x80 { lead -= 1 }
    if lead > 0, bytes[lead - 1] >= 0xC0 {
        let first = bytes[lead - 1]
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2
        let missing = length - (bytes.count - lead + 1)
        if missing > 0 { return bytes.append(contentsOf: repeatElement(0x80, count: missing)) }
    }
    bytes.append(UInt8(ascii: "x"))
}

/// The prompt of the line being read, for laying it out again.
nonisolated(unsafe) private var currentPrompt = ""

/// libedit's completion hook: our candidates, fitted to the word libedit
/// chose (its word-break characters differ from ours).
private func completeWord(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<
    UnsafeMutablePointer<CChar>?
>? {
    rl_attempted_completion_over = 1
    guard let source = completionSource, let text else { return nil }
    let word = String(cString: text)
    let beforeCursor = textBeforeCursor(word: word, start: Int(start), cursor: Int(end))
    let completion = Completion.complete(beforeCursor, lineEndsAtCursor: Int(end) >= Int(rl_end), in: source())
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

/// The line's text before the cursor. The copy of the line lacks its last byte
/// (`lineBytes(asking:)`), so all before the cursor is whole unless the cursor is at the end. There the word libedit passes (`word`, from `start`) ends the
/// text; an empty word follows a word-break character or a quote, which only the keys tell:
/// the one typed last if it can be that character, else a space (after which an empty word
/// completes as after any break character but a quote).
/// libedit counts positions in characters, and `rl_end` is the line's length.
private func textBeforeCursor(word: String, start: Int, cursor: Int) -> String {
    let length = Int(rl_end)
    guard length > 0, cursor > 0 else { return "" }
    // A character is at most 4 bytes in UTF-8.
    let line = String(decoding: lineBytes(asking: 4 * length + 4), as: UTF8.self).unicodeScalars
    var text = String.UnicodeScalarView()
    if cursor < length {
        text.append(contentsOf: line.prefix(cursor))
    } else if start < cursor {
        text.append(contentsOf: line.prefix(start))
        text.append(contentsOf: word.unicodeScalars)
    } else {
        text.append(contentsOf: line.prefix(cursor - 1))
        let typed = Unicode.Scalar(lastTypedCharacter).flatMap { wordEnds.contains($0) ? $0 : nil }
        text.append(typed ?? " ")
    }
    return String(text)
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
