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

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
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
