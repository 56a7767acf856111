import Console
import Foundation

/// The process's standard output and error, unbuffered per write.
final class StandardStreams: ScriptOutput, @unchecked Sendable {
    func standardOutput(_ text: String) { ProcessOutput.standardOutput(text) }
    func standardError(_ text: String) { ProcessOutput.standardError(text) }

    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    static var useColour: Bool {
        isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }
}
