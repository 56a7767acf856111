import Runs

/// Writes through to the real output and hands a copy to the run recorder,
/// so that what a cell printed is recorded exactly as a person saw it.
final class RecordingOutput: ScriptOutput, @unchecked Sendable {
    // @unchecked: written from the session's thread only.
    let output: any ScriptOutput
    let recorder: RunRecorder

    init(_ output: any ScriptOutput, recorder: RunRecorder) {
        self.output = output
        self.recorder = recorder
    }

    func standardOutput(_ text: String) {
        recorder.capture(text)
        output.standardOutput(text)
    }

    func standardError(_ text: String) {
        recorder.capture(text)
        output.standardError(text)
    }
}
