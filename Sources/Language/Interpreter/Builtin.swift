import Numerics
import Tables

/// A built-in function: its signature and help live next to its body, and
/// `:help` and docs/reference.md are generated from the same table.
public struct Builtin: Sendable {
    /// What a parameter accepts; arguments are checked and converted once,
    /// before the body runs.
    public enum Kind: String, Sendable {
        case any, number, integer, string, boolean
        /// A vector, a numeric list or a numeric column.
        case numbers
        /// Numbers, or a matrix as all its entries (row by row), as numpy's reductions take it.
        case entries
        /// A matrix (a vector counts as one column).
        case matrix
        case table, list
    }

    public struct Parameter: Sendable {
        public let name: String
        public let kind: Kind
        /// nil for a required parameter.
        public let defaultValue: Value?

        public init(_ name: String, _ kind: Kind, default defaultValue: Value? = nil) {
            self.name = name
            self.kind = kind
            self.defaultValue = defaultValue
        }
    }

    public let name: String
    public let parameters: [Parameter]
    /// Extra positional arguments of `variadicKind` are accepted after the parameters.
    public let variadicKind: Kind?
    public let category: String
    public let help: String
    let body: @Sendable (Interpreter, Arguments) throws -> Value

    init(_ name: String, _ parameters: [Parameter], variadic: Kind? = nil, category: String, help: String, body: @escaping @Sendable (Interpreter, Arguments) throws -> Value) {
        self.name = name
        self.parameters = parameters
        self.variadicKind = variadic
        self.category = category
        self.help = help
        self.body = body
    }

    /// For example `mean(x)`, `quantile(x, q)` or `head(table, n = 5)`; variadic ones end in `…`.
    public var signature: String {
        var parts = parameters.map { p in p.defaultValue.map { "\(p.name) = \(Builtins.literal($0))" } ?? p.name }
        if variadicKind != nil { parts.append("…") }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }
}

/// A failure inside a built-in, pointing at one argument when it can.
struct BuiltinError: Error {
    let message: String
    /// Index of the argument at fault, if any.
    let argument: Int?

    init(_ message: String, argument: Int? = nil) {
        self.message = message
        self.argument = argument
    }
}

/// Checked, converted arguments of one call.
struct Arguments {
    let values: [Value]
    /// Extra positional values for variadic built-ins.
    let rest: [Value]
    /// The whole call, for warnings a built-in reports.
    var callRange = SourceRange(0, 0)

    func number(_ i: Int) -> Double { if case .number(let x) = values[i] { x } else { .nan } }
    func integer(_ i: Int) -> Int { Int(number(i)) }
    func string(_ i: Int) -> String { if case .string(let s) = values[i] { s } else { "" } }
    func boolean(_ i: Int) -> Bool { if case .boolean(let b) = values[i] { b } else { false } }
    func table(_ i: Int) -> Table { values[i].tableValue ?? (try! Table(columns: [])) }
    func list(_ i: Int) -> [Value] {
        switch values[i] {
        case .list(let l): return l
        case .vector(let v): return v.map { .number($0) }
        default: return []
        }
    }
    func isNone(_ i: Int) -> Bool { if case .none = values[i] { true } else { false } }

    func numbers(_ i: Int) -> Vector {
        switch values[i] {
        case .vector(let v): return v
        case .column(let c): return Vector((try? c.doubles()) ?? [])
        case .list(let l): return Vector(l.map { if case .number(let x) = $0 { x } else { .nan } })
        case .number(let x): return [x]
        case .matrix(let m):
            var entries = [Double]()
            entries.reserveCapacity(m.rows * m.columns)
            for i in 0..<m.rows { for j in 0..<m.columns { entries.append(m[i, j]) } }
            return Vector(entries)
        default: return []
        }
    }

    func matrix(_ i: Int) -> Matrix {
        switch values[i] {
        case .matrix(let m): return m
        case .number(let x): return Matrix(rows: 1, columns: 1, repeating: x)
        default: return numbers(i).columnMatrix
        }
    }
}
