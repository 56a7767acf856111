import Language
import Tables

/// What a cell's value digest covers: the value it showed, and the values it
/// bound to names, so a replay that computes a different model or table is
/// caught even when nothing is printed.
///
/// The cell's thread only collects the values; `finish` hashes them, on the
/// recorder's background thread for a script, so a cell that makes a large
/// table does not wait for a pass over it before the next cell starts.
public struct CellDigest: Sendable {
    private enum Part: Sendable {
        case shown(Value)
        case bound(name: String, value: Value?)
    }

    private var parts = [Part]()

    public init() {}

    /// Adds one statement's effect: its shown value and the variables it assigned,
    /// read through `variables` (by name: one lookup each, not a copy of every variable).
    public mutating func add(_ statement: Statement, value: Value?, variables: (String) -> Value?) {
        var names = [String]()
        switch statement.kind {
        case .assign(let targets, _): names = targets.map(\.text)
        case .param(let name, _): names = [name.text]
        default: break
        }
        if let value { parts.append(.shown(value)) }
        for name in names { parts.append(.bound(name: name, value: variables(name))) }
    }

    /// Whether hashing the values takes long enough (about a millisecond)
    /// to be worth a thread's wake-up: they hold more than `largeElementCount` numbers or cells.
    public var isLarge: Bool {
        var elements = 0
        for part in parts {
            switch part {
            case .shown(let value), .bound(_, let value?): elements += Self.elementCount(value)
            case .bound(_, nil): break
            }
        }
        return elements > Self.largeElementCount
    }

    static let largeElementCount = 100_000

    private static func elementCount(_ value: Value) -> Int {
        switch value {
        case .vector(let v): v.count
        case .matrix(let m): m.rows * m.columns
        case .table(let table): table.rowCount * table.columnCount
        case .preprocessed(let p): p.table.rowCount * p.table.columnCount
        case .column(let column): column.count
        case .list(let values): values.reduce(0) { $0 + elementCount($1) }
        case .record(let record): record.fields.reduce(0) { $0 + elementCount($1.value) }
        default: 1
        }
    }

    /// The digest, or nil if no statement produced or bound a value.
    public func finish() -> String? {
        guard !parts.isEmpty else { return nil }
        let hasher = SHA256Hasher()
        for part in parts {
            switch part {
            case .shown(let value): hasher.update(value.digest)
            case .bound(let name, let value):
                hasher.update(name)
                hasher.update(value?.digest ?? "")
            }
        }
        return hasher.finishHex()
    }
}
