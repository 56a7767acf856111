import Numerics
import Tables

/// A value of the mlx language.
///
/// Containers are `indirect` (boxed) so that a value is small and copying a
/// number, which loops do millions of times, is a few machine words.
public enum Value: Sendable {
    case none
    case number(Double)
    case string(String)
    case boolean(Bool)
    /// A numeric list such as `[1, 2, 3]`.
    indirect case vector(Vector)
    /// A numeric matrix such as `[[1, 2], [3, 4]]`.
    indirect case matrix(Matrix)
    /// Any other list (strings, records, mixed).
    indirect case list([Value])
    /// Named fields in order, e.g. `{a: 1}` or a test report.
    indirect case record(Record)
    indirect case table(Table)
    /// A table made by `preprocess`, remembering its fitted steps.
    indirect case preprocessed(PreprocessedTable)
    /// One column of a table (`iris.species`).
    indirect case column(Column)
    /// What `describe` reports about a table.
    indirect case summary([ColumnSummary])
    /// A value the language can hold but not look inside (models, fitted
    /// preprocessing), described by its kind.
    indirect case opaque(OpaqueValue)

    /// The table inside a table value, preprocessed or not.
    public var tableValue: Table? {
        switch self {
        case .table(let t): return t
        case .preprocessed(let p): return p.table
        default: return nil
        }
    }

    /// Whether this is `none`, what a call that returns nothing gives.
    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// The name of the value's type, as error messages use it.
    public var typeName: String {
        switch self {
        case .none: return "nothing"
        case .number: return "number"
        case .string: return "string"
        case .boolean: return "boolean"
        case .vector: return "vector"
        case .matrix: return "matrix"
        case .list: return "list"
        case .record: return "record"
        case .table, .preprocessed: return "table"
        case .column(let c): return "\(c.type) column"
        case .summary: return "summary"
        case .opaque(let o): return o.kind
        }
    }
}

extension Value {
    /// The most bytes (UTF-8) a string may hold, as a matrix holds at most 100,000,000 elements.
    public static let stringLimit = 100_000_000
}

/// Ordered named fields.
public struct Record: Sendable, Equatable {
    public var fields: [(name: String, value: Value)] {
        didSet { preparedRow = nil }
    }
    /// The row of a preprocessed table these fields were read from, whose raw row a model
    /// that prepares rows itself must get instead; nil for any other record. Not part of
    /// equality: the fields are the value.
    public private(set) var preparedRow: PreparedRow?

    public init(_ fields: [(name: String, value: Value)]) { self.fields = fields }

    /// A row of a preprocessed table, as `table[row]` reads it.
    init(_ fields: [(name: String, value: Value)], preparedRow: PreparedRow) {
        self.fields = fields
        self.preparedRow = preparedRow
    }

    public subscript(name: String) -> Value? {
        fields.first { $0.name == name }?.value
    }

    public var names: [String] { fields.map(\.name) }

    public static func == (lhs: Record, rhs: Record) -> Bool {
        lhs.fields.count == rhs.fields.count && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

/// A value with identity and behaviour outside the language core.
public protocol OpaqueValueContent: Sendable {
    /// Short kind, e.g. "logistic model".
    var kind: String { get }
    /// One-line summary for display.
    var summary: String { get }
    /// Fields reachable with `.name`.
    func field(_ name: String) -> Value?
    /// The names `field` answers, for did-you-mean suggestions.
    var fieldNames: [String] { get }
    /// A stable digest of the content, for run records.
    var digest: String { get }
}

/// A boxed opaque value.
public struct OpaqueValue: Sendable {
    public let content: any OpaqueValueContent
    public init(_ content: any OpaqueValueContent) { self.content = content }
    public var kind: String { content.kind }
}

extension Value: Equatable {
    /// Structural equality; numbers compare by value (NaN unequal, as IEEE).
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.none, .none): return true
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.boolean(let a), .boolean(let b)): return a == b
        case (.vector(let a), .vector(let b)): return a == b
        case (.matrix(let a), .matrix(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        case (.record(let a), .record(let b)): return a == b
        case (.table(let a), .table(let b)): return a == b
        case (.preprocessed(let a), .preprocessed(let b)): return a == b
        case (.column(let a), .column(let b)): return a == b
        case (.summary(let a), .summary(let b)): return a == b
        case (.opaque(let a), .opaque(let b)): return a.content.digest == b.content.digest
        default: return false
        }
    }
}
