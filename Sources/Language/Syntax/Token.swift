/// A lexical token of the mlx language.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case identifier(String)
        case keyword(Keyword)
        case number(Double)
        case string(String)
        case symbol(Symbol)
        case newline
        case indent
        case dedent
        case endOfFile
    }

    public let kind: Kind
    public let range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// Reserved words. Words that only matter inside one construct (`on`,
/// `target`, `with`, `as`, `stratify`) are not reserved: they stay usable as
/// variable and column names, and the parser recognises them in place.
public enum Keyword: String, Sendable, CaseIterable {
    case seed, param, load, preprocess, split, train, test, assert, deploy, describe, show
    case `for`, `in`, and, or, not, `true`, `false`
}

/// Operators and punctuation.
public enum Symbol: String, Sendable, CaseIterable {
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", caret = "^", at = "@"
    case equalEqual = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case equal = "=", comma = ",", dot = ".", colon = ":"
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", leftBrace = "{", rightBrace = "}"

    /// The closing partner of an opening bracket.
    var closing: Symbol? {
        switch self {
        case .leftParen: return .rightParen
        case .leftBracket: return .rightBracket
        case .leftBrace: return .rightBrace
        default: return nil
        }
    }
}

extension Token.Kind: CustomStringConvertible {
    /// How the parser names a token in "expected … but found …".
    public var description: String {
        switch self {
        case .identifier(let name): return "'\(name)'"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .number: return "a number"
        case .string: return "a string"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .newline: return "end of line"
        case .indent: return "an indented block"
        case .dedent: return "end of block"
        case .endOfFile: return "end of input"
        }
    }
}
