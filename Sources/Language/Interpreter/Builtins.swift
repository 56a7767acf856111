import Foundation
import Numerics
import Tables

/// The table of built-in functions, by name.
public enum Builtins {
    /// Every built-in, in the order the reference lists them.
    public static let all: [Builtin] = statistics + mathematics + algebra + tables + randomness + utilities + models

    /// Built-ins by name.
    public static let table: [String: Builtin] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// All names, for completion and did-you-mean.
    public static let names: [String] = all.map(\.name)

    /// `text` with the escapes a string literal needs (the lexer's: \\ \" \n \t \r \0 \u{…}).
    private static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\0": result += "\\0"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A value as source text: a literal the parser reads back for numbers, strings and booleans.
    static func literal(_ value: Value) -> String {
        switch value {
        case .number(let x): return formatNumber(x)
        case .string(let s): return "\"" + escaped(s) + "\""
        case .boolean(let b): return b ? "true" : "false"
        case .none: return "none"
        case .vector(let v) where value.hasLiteral: return "[" + v.elements.map(formatNumber).joined(separator: ", ") + "]"
        case .matrix(let m) where value.hasLiteral:
            return "[" + (0..<m.rows).map { i in "[" + (0..<m.columns).map { formatNumber(m[i, $0]) }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
        case .list(let items) where value.hasLiteral: return "[" + items.map(literal).joined(separator: ", ") + "]"
        default: return value.typeName
        }
    }

    /// Markdown reference of every built-in, grouped by category.
    public static func reference() -> String {
        var lines = ["# Reference: statements and built-in functions", "", "Generated from the interpreter's tables by `mlx reference > docs/reference.md`; a test keeps it current.", ""]
        lines += StatementReference.markdown()
        var categories = [String]()
        for b in all where !categories.contains(b.category) { categories.append(b.category) }
        for category in categories {
            lines += ["## \(category)", "", "| function | what it does |", "|---|---|"]
            for b in all where b.category == category {
                lines.append("| `\(b.signature)` | \(b.help.replacingOccurrences(of: "|", with: "\\|")) |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
