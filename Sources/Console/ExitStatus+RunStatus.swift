import Runs

extension ExitStatus {
    /// How a run that ended with this exit status is recorded.
    public var runStatus: RunRecord.Status {
        switch self {
        case .success: return .ok
        case .assertionFailed: return .failed
        case .syntaxError, .runtimeError, .usage, .outputFailed: return .error
        case .replayMismatch, .inputsChanged: return .ok
        }
    }
}
