/// The type of a table column.
public enum ColumnType: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// 64-bit floating point numbers.
    case number
    /// 64-bit signed integers.
    case integer
    /// true / false.
    case boolean
    /// Strings from a small set of levels, stored as integer codes.
    case categorical
    /// Free text.
    case text

    /// True for the types a matrix can hold (number, integer, boolean).
    public var isNumeric: Bool { self == .number || self == .integer || self == .boolean }

    public var description: String { rawValue }
}
