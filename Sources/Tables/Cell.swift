/// One value of a table, as a typed enum (categorical values appear as text).
public enum Cell: Equatable, Hashable, Sendable, CustomStringConvertible {
    case missing
    case number(Double)
    case integer(Int64)
    case boolean(Bool)
    case text(String)

    /// The value as a double, for numeric cells; nil otherwise.
    public var doubleValue: Double? {
        switch self {
        case .number(let x): return x
        case .integer(let i): return Double(i)
        case .boolean(let b): return b ? 1 : 0
        case .missing, .text: return nil
        }
    }

    public var description: String {
        switch self {
        case .missing: return "NA"
        case .number(let x): return x.description
        case .integer(let i): return i.description
        case .boolean(let b): return b.description
        case .text(let s): return s
        }
    }
}
