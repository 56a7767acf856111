import Console
import Synchronization

/// Collects what a front end writes, for assertions.
final class CapturedOutput: ScriptOutput {
    private let streams = Mutex<(out: String, err: String)>(("", ""))

    var standardOutputText: String { streams.withLock { $0.out } }
    var standardErrorText: String { streams.withLock { $0.err } }
    var out: String { standardOutputText }
    var err: String { standardErrorText }

    func standardOutput(_ text: String) { streams.withLock { $0.out += text } }
    func standardError(_ text: String) { streams.withLock { $0.err += text } }
}
