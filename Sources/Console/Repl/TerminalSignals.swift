import Foundation
import Synchronization

/// A window resize, and the return to the foreground after Ctrl-Z, while a
/// line is being read. libedit's own handlers are off (ours take Ctrl-C), so
/// without these it kept laying the line out for the old width, and after
/// `fg` it neither redrew the prompt nor put the terminal back into its
/// mode (the shell had set its own).
///
/// Caught only while a line is read: the handlers make the blocked read fail
/// with EINTR, so that the reader can redraw, and would make any other system
/// call fail the same way while a cell runs. Between lines the signals keep
/// their default actions, and a resize then is caught up with at the next prompt.
enum TerminalSignals {
    /// What happened since the last `take`.
    struct Events: OptionSet {
        let rawValue: UInt8
        static let resized = Events(rawValue: 1)
        static let continued = Events(rawValue: 2)
    }

    /// From now until `release`, resizes and continuing are caught.
    static func catchWhileReading() {
        pending.store(0, ordering: .relaxed)
        readingThread = pthread_self()
        SignalAction.install(SIGWINCH, noteResize, restart: false)
        SignalAction.install(SIGCONT, noteContinue, restart: false)
    }

    /// Back to the default actions.
    static func release() {
        signal(SIGWINCH, SIG_DFL)
        signal(SIGCONT, SIG_DFL)
    }

    /// What was caught since the last call; clears it.
    static func take() -> Events {
        Events(rawValue: pending.exchange(0, ordering: .relaxed))
    }
}

/// Set by the handlers (lock-free atomic operations only, which are safe there).
private let pending = Atomic<UInt8>(0)
/// The thread reading the line, set before the handlers are installed.
nonisolated(unsafe) private var readingThread = pthread_self()

private func noteResize(_ signal: Int32) {
    pending.bitwiseOr(TerminalSignals.Events.resized.rawValue, ordering: .relaxed)
}

private func noteContinue(_ signal: Int32) {
    pending.bitwiseOr(TerminalSignals.Events.continued.rawValue, ordering: .relaxed)
    // A stopped process's SIGCONT goes to any of its threads: the reading one's
    // blocked read must fail for the line to be drawn again.
    if pthread_equal(pthread_self(), readingThread) == 0 { pthread_kill(readingThread, signal) }
}
