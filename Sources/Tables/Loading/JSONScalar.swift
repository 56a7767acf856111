/// One value of a JSON Lines field: JSON's scalar types, with where it was.
struct JSONScalar {
    /// The value.
    enum Value {
        case missing
        case number(NumberLexeme, text: String)
        case string(String)
        case boolean(Bool)
    }

    var value: Value
    /// Byte offset of the value in the input, for errors.
    var offset: Int

    /// The value as text, the way it was written (numbers keep their spelling).
    var text: String? {
        switch value {
        case .missing: return nil
        case .number(_, let text): return text
        case .string(let s): return s
        case .boolean(let b): return b ? "true" : "false"
        }
    }
}
