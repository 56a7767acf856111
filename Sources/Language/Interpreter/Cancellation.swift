import Synchronization

/// A flag another thread (a Ctrl-C handler) sets to stop a running computation.
///
/// Loops and long built-ins call `check()`; the REPL resets the flag before
/// each cell.
public final class Cancellation: Sendable {
    private let requested = Atomic<Bool>(false)

    public init() {}

    /// Asks the running computation to stop at its next check.
    public func cancel() { requested.store(true, ordering: .relaxed) }

    /// Clears a previous request.
    public func reset() { requested.store(false, ordering: .relaxed) }

    public var isCancelled: Bool { requested.load(ordering: .relaxed) }
}
