import Console
import Foundation

/// The process's standard output and error, unbuffered per write.
final class StandardStreams: ScriptOutput, @unchecked Sendable {
    func standardOutput(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    func standardError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    static var useColour: Bool {
        isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }
}
