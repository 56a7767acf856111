import Foundation

/// Installing a plain signal handler, for the REPL's Ctrl-C and `mlx run`'s
/// stop report.
public enum SignalAction {
    /// Makes `handler` the action of signal `number`, no other signal blocked while it
    /// runs; with `restart`, a system call it interrupts resumes instead of failing with EINTR.
    /// With `once`, the default action comes back as the handler starts, and the signal is
    /// not blocked in it, so that the handler can raise it again to take that action.
    public static func install(_ number: Int32, _ handler: @convention(c) (Int32) -> Void, restart: Bool, once: Bool = false) {
        var action = sigaction()
        #if os(Linux)
            action.__sigaction_handler.sa_handler = handler
        #else
            action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = restart ? SA_RESTART : 0
        if once { action.sa_flags |= Int32(bitPattern: UInt32(SA_RESETHAND) | UInt32(SA_NODEFER)) }
        sigaction(number, &action, nil)
    }
}
