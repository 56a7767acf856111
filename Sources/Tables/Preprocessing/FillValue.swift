/// A value that fills missing entries: plain data, so a fitted fill serialises exactly.
public enum FillValue: Codable, Sendable, Equatable, CustomStringConvertible {
    /// A floating-point value (a mean or median, or a constant).
    case number(Double)
    /// An integer value (the most frequent value of an integer column, or a constant).
    case integer(Int64)
    /// A boolean value.
    case boolean(Bool)
    /// A string, for categorical and text columns.
    case text(String)

    /// The value as a double, for the numeric cases.
    public var doubleValue: Double? {
        switch self {
        case .number(let x): return x
        case .integer(let i): return Double(i)
        case .boolean(let b): return b ? 1 : 0
        case .text: return nil
        }
    }

    /// Whether the value can fill a column of `type`.
    public func fits(_ type: ColumnType) -> Bool {
        switch self {
        case .text: return !type.isNumeric
        case .number, .integer, .boolean: return type.isNumeric
        }
    }

    /// The value as it would print in a cell.
    public var description: String {
        switch self {
        case .number(let x): return x.description
        case .integer(let i): return i.description
        case .boolean(let b): return b.description
        case .text(let s): return s
        }
    }
}
