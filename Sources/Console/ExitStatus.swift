/// The exit codes of `mlx run` and `mlx replay`, distinct per outcome.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Everything ran and every assert held.
    case success = 0
    /// The script ran to the end but at least one assert failed.
    case assertionFailed = 1
    /// The script has syntax errors; nothing ran.
    case syntaxError = 2
    /// A runtime error stopped the script.
    case runtimeError = 3
    /// A replay produced different results.
    case replayMismatch = 4
    /// A replay found input files changed since the run and ran nothing.
    case inputsChanged = 5
    /// The command line was wrong (unknown option or `--set` name, missing file, unwritable report path).
    case usage = 64
    /// Standard output or error could not be written (a full disk, a closed pipe): EX_IOERR.
    case outputFailed = 74

    /// One line for the documentation.
    public var meaning: String {
        switch self {
        case .success: return "every statement ran and every assert held"
        case .assertionFailed: return "at least one assert failed (all statements ran)"
        case .syntaxError: return "syntax errors; nothing ran"
        case .runtimeError: return "a runtime error stopped the script"
        case .replayMismatch: return "a replay did not reproduce the recorded run"
        case .inputsChanged: return "a replay found input data changed since the run; nothing ran"
        case .usage: return "bad command line: unknown option, unknown --set name, unreadable script, unwritable --junit path"
        case .outputFailed: return "standard output or error could not be written (a full disk, a closed pipe)"
        }
    }
}
