import Foundation
import Synchronization

/// A window resize, and Ctrl-Z and the return to the foreground, while a
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
        // The handlers write these bits as literals: reading a static there could run its initialiser.
        static let resized = Events(rawValue: 1)
        static let continued = Events(rawValue: 2)
        /// Stopped by Ctrl-Z (SIGTSTP): a SIGCONT without it changed nothing on the screen.
        static let stopped = Events(rawValue: 4)
    }

    /// From now until `release`, resizes, stops and continuing are caught.
    static func catchWhileReading() {
        pending.store(0, ordering: .relaxed)
        readingThread = pthread_self()
        SignalAction.install(SIGWINCH, noteResize, restart: false)
        SignalAction.install(SIGCONT, noteContinue, restart: false)
        catchNextStop()
    }

    /// Catches the next SIGTSTP: the handler notes it, and the signal's default
    /// action, restored as the handler starts, then stops the process. Called
    /// again after each stop.
    static func catchNextStop() {
        SignalAction.install(SIGTSTP, noteStop, restart: false, once: true)
    }

    /// Back to the default actions.
    static func release() {
        for number in [SIGWINCH, SIGCONT, SIGTSTP] { signal(number, SIG_DFL) }
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
    pending.bitwiseOr(1, ordering: .relaxed)  // .resized
}

/// Installed `once`: the default action is back and the signal not blocked,
/// so raising it again stops the process here until SIGCONT.
private func noteStop(_ signal: Int32) {
    pending.bitwiseOr(4, ordering: .relaxed)  // .stopped
    raise(signal)
}

private func noteContinue(_ signal: Int32) {
    pending.bitwiseOr(2, ordering: .relaxed)  // .continued
    // A stopped process's SIGCONT goes to any of its threads: the reading one's
    // blocked read must fail for the line to be drawn again.
    if pthread_equal(pthread_self(), readingThread) == 0 { pthread_kill(readingThread, signal) }
}
