/// An expression with the source range it came from.
public struct Expression: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        case boolean(Bool)
        case name(String)
        /// `[a, b]`; a matrix literal is a list of lists.
        case list([Expression])
        /// `{a: 1, "b c": 2}`
        case record([RecordField])
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `value.name`
        case field(Expression, Name)
        /// `value[index]`
        case index(Expression, Expression)
        /// `f(a, b, key = c)`
        case call(Name, [Argument])
        /// `load "file.csv" [with option = value, …]`
        case load(Expression, [Argument])
        /// `split table fraction [stratify column]`
        case split(Expression, Expression, stratify: Name?)
        /// `preprocess table:` followed by an indented block of steps
        case preprocess(Expression, [PreprocessStep])
        /// `train algorithm on table [target column] [with option = value, …]` (no target for clustering and PCA)
        case train(algorithm: Name, data: Expression, target: Name?, options: [Argument])
        /// `test model on table`
        case test(Expression, Expression)
    }

    public let kind: Kind
    public let range: SourceRange
    /// Nodes on the longest path down from this one (1 for a leaf): evaluating
    /// and freeing an expression recurse this deep, which the parser bounds.
    public let depth: Int

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
        depth = 1 + kind.deepestChild
    }
}

extension Expression.Kind {
    /// The largest depth among the children (0 for a leaf); the common
    /// cases without building the list of children.
    var deepestChild: Int {
        switch self {
        case .number, .string, .boolean, .name: return 0
        case .unary(_, let operand), .field(let operand, _): return operand.depth
        case .binary(_, let left, let right), .index(let left, let right), .split(let left, let right, _), .test(let left, let right):
            return Swift.max(left.depth, right.depth)
        default: return children.reduce(0) { Swift.max($0, $1.depth) }
        }
    }

    /// The expressions directly inside this one.
    var children: [Expression] {
        switch self {
        case .number, .string, .boolean, .name: return []
        case .list(let elements): return elements
        case .record(let fields): return fields.map(\.value)
        case .unary(_, let operand): return [operand]
        case .binary(_, let left, let right): return [left, right]
        case .field(let base, _): return [base]
        case .index(let base, let position): return [base, position]
        case .call(_, let arguments): return arguments.map(\.value)
        case .load(let path, let options): return [path] + options.map(\.value)
        case .split(let table, let fraction, _): return [table, fraction]
        case .preprocess(let table, let steps): return [table] + steps.flatMap { $0.words + $0.options.map(\.value) }
        case .train(_, let data, _, let options): return [data] + options.map(\.value)
        case .test(let model, let table): return [model, table]
        }
    }
}

/// A name as written, with its range (for error carets).
public struct Name: Sendable, Equatable {
    public let text: String
    public let range: SourceRange

    public init(_ text: String, _ range: SourceRange) {
        self.text = text
        self.range = range
    }
}

public struct RecordField: Sendable, Equatable {
    public let key: Name
    public let value: Expression
}

/// A call or option argument, optionally labelled (`max_iter = 200`).
public struct Argument: Sendable, Equatable {
    public let label: Name?
    public let value: Expression
}

/// One line of a `preprocess` block: a step name, its words (column names,
/// methods, values) and `with` options.
public struct PreprocessStep: Sendable, Equatable {
    public let name: Name
    public let words: [Expression]
    public let options: [Argument]
    public let range: SourceRange
}

public enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+", not = "not"
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "^", matrixProduct = "@"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or
}

/// A statement with its source range.
public struct Statement: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        /// `seed 42`
        case seed(Expression)
        /// `param c = 1.0`
        case param(Name, Expression)
        /// `a = …` or `a, b = …`
        case assign([Name], Expression)
        /// A bare expression: its value is shown.
        case expression(Expression)
        /// `assert condition[, "message"]`
        case assert(Expression, message: Expression?)
        /// `deploy model as "name"`
        case deploy(Expression, as: Expression)
        /// `describe table`
        case describe(Expression)
        /// `show table [rows]`
        case show(Expression, rows: Expression?)
        /// `for name in list:` and its block
        case forLoop(Name, Expression, [Statement])
    }

    public let kind: Kind
    public let range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// A parsed program: its statements and the source they came from.
public struct Program: Sendable, Equatable {
    public let source: SourceFile
    public let statements: [Statement]
}

extension Program {
    /// Whether a statement, in a loop or not, deploys a model.
    public var deploys: Bool { Self.anyDeploys(statements) }

    private static func anyDeploys(_ statements: [Statement]) -> Bool {
        statements.contains { statement in
            switch statement.kind {
            case .deploy: true
            case .forLoop(_, _, let body): anyDeploys(body)
            default: false
            }
        }
    }
}
