import Language
import Tables

/// What a cell's value digest covers: the value it showed, and the values it
/// bound to names, so a replay that computes a different model or table is
/// caught even when nothing is printed.
public struct CellDigest {
    private let hasher = SHA256Hasher()
    private var empty = true

    public init() {}

    /// Adds one statement's effect: its shown value and the variables it assigned.
    public mutating func add(_ statement: Statement, value: Value?, variables: [String: Value]) {
        var names = [String]()
        switch statement.kind {
        case .assign(let targets, _): names = targets.map(\.text)
        case .param(let name, _): names = [name.text]
        default: break
        }
        if let value {
            hasher.update(value.digest)
            empty = false
        }
        for name in names {
            hasher.update(name)
            hasher.update(variables[name]?.digest ?? "")
            empty = false
        }
    }

    /// The digest, or nil if no statement produced or bound a value.
    public func finish() -> String? { empty ? nil : hasher.finishHex() }
}
