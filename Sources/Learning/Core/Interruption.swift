/// How a long fit learns that the person running it wants it stopped (Ctrl-C at the REPL).
///
/// Fits check it between trees, epochs, iterations and folds, never inside one, and it
/// changes nothing else: a fit that is not stopped gives the same result as without it.
public struct Interruption: Sendable {
    private let requested: @Sendable () -> Bool

    /// - Parameter requested: whether a stop was asked for; called often, so it must be cheap.
    public init(_ requested: @escaping @Sendable () -> Bool) { self.requested = requested }

    /// For fits nobody can interrupt.
    public static let never = Interruption { false }

    /// Whether a stop was asked for, for work that cannot throw where it looks (worker threads).
    public var isRequested: Bool { requested() }

    /// - Throws: `TrainingInterrupted` once a stop was asked for.
    public func check() throws {
        if requested() { throw TrainingInterrupted() }
    }
}

/// A fit or prediction stopped through its `Interruption`.
public struct TrainingInterrupted: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted" }
}
