import Foundation
import Language
import Synchronization

/// Ctrl-C at the interactive REPL. The handler cancels the running cell and
/// marks the interrupt as pending, so a read blocked at the prompt (which
/// fails with EINTR, because the handler is installed without SA_RESTART)
/// can tell "abandon this line" from end of input.
enum InterruptSignal {
    /// Installs the SIGINT handler; each Ctrl-C cancels `cancellation`.
    static func install(cancellation: Cancellation) {
        interruptTarget = cancellation
        // Touch the lazily initialised global before a signal can.
        interruptPending.store(false, ordering: .relaxed)
        SignalAction.install(SIGINT, handleInterrupt, restart: false)
        // A parent may have started us with SIGINT blocked (children inherit
        // the mask); then Ctrl-C would never arrive.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    }

    /// Whether Ctrl-C was pressed since the last call; clears the mark.
    static func takePending() -> Bool {
        interruptPending.exchange(false, ordering: .relaxed)
    }

    /// Whether Ctrl-C was pressed, without clearing the mark.
    static var isPending: Bool {
        interruptPending.load(ordering: .relaxed)
    }
}

// Global state a C signal handler needs (it cannot capture context). Both are
// written before the handler is installed; afterwards the handler only does
// lock-free atomic stores, which are safe in a signal handler.

/// The Cancellation of the session at the terminal (there is one per process).
nonisolated(unsafe) private var interruptTarget: Cancellation?
/// Set by the handler, taken by the line editor.
private let interruptPending = Atomic<Bool>(false)

private func handleInterrupt(_ signal: Int32) {
    interruptPending.store(true, ordering: .relaxed)
    interruptTarget?.cancel()
}
