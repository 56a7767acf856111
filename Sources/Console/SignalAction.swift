import Foundation

/// Installing a plain signal handler, for the REPL's Ctrl-C and `mlx run`'s
/// stop report.
public enum SignalAction {
    /// Makes `handler` the action of signal `number`, no other signal blocked while it
    /// runs; with `restart`, a system call it interrupts resumes instead of failing with EINTR.
    public static func install(_ number: Int32, _ handler: @convention(c) (Int32) -> Void, restart: Bool) {
        var action = sigaction()
        #if os(Linux)
            action.__sigaction_handler.sa_handler = handler
        #else
            action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = restart ? SA_RESTART : 0
        sigaction(number, &action, nil)
    }
}
