import Language

/// The values `--set name=value` gives a script's parameters, checked against
/// what the default's expression says it is: a number (a literal, or
/// arithmetic of numbers such as `9 / 10`) takes only a number, written as the
/// language writes numbers (`1_000`, `2.5e-3`, a sign); a boolean (`true`, a
/// comparison) takes only `true` or `false`; a string takes the text as given,
/// quotes optional (`1` is the string "1"); a list in brackets takes a list
/// written in the language, of numbers, strings and booleans. So `--set c=abc`
/// is a usage error instead of a string that fails, or silently runs,
/// somewhere later. A default the expression does not tell (a call, a name)
/// takes a number, a boolean, a list or else the text.
public enum ParameterOverrides {
    /// Why an override was refused, as the command line reports it.
    public struct Refusal: Error, Equatable {
        public let message: String
    }

    /// The overrides `items` give the parameters `program` declares.
    public static func values(_ items: [String], for program: Program) throws(Refusal) -> [String: Value] {
        let kinds = declaredKinds(program)
        var result = [String: Value]()
        for item in items {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw Refusal(message: "--set needs name=value, got '\(item)'")
            }
            let name = String(item[..<equals]), text = String(item[item.index(after: equals)...])
            guard let kind = kinds.first(where: { $0.name == name })?.kind else {
                let declared = kinds.map(\.name)
                let known = declared.isEmpty ? "the script declares no parameters" : "its parameters are " + declared.joined(separator: ", ")
                throw Refusal(message: "--set \(name): the script has no parameter '\(name)' (\(known))")
            }
            result[name] = try value(text, for: name, kind: kind)
        }
        return result
    }

    /// What a parameter's default says it holds.
    enum Kind {
        case number, boolean, string, list, other
    }

    /// Each declared parameter with the kind of its (first) default.
    static func declaredKinds(_ program: Program) -> [(name: String, kind: Kind)] {
        var result = [(name: String, kind: Kind)]()
        for statement in program.statements {
            guard case .param(let name, let value) = statement.kind, !result.contains(where: { $0.name == name.text }) else { continue }
            result.append((name.text, kind(of: value)))
        }
        return result
    }

    private static func kind(of expression: Expression) -> Kind {
        switch expression.kind {
        case .number: return .number
        case .unary(.negate, let operand), .unary(.plus, let operand): return kind(of: operand) == .number ? .number : .other
        case .unary(.not, let operand): return kind(of: operand) == .boolean ? .boolean : .other
        case .boolean: return .boolean
        case .string: return .string
        case .list: return .list
        case .binary(let op, let left, let right):
            let operands = (kind(of: left), kind(of: right))
            switch op {
            case .add where operands == (.string, .string): return .string
            case .add, .subtract, .multiply, .divide, .remainder, .power: return operands == (.number, .number) ? .number : .other
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
                return operands.0 == operands.1 && [.number, .string, .boolean].contains(operands.0) ? .boolean : .other
            case .and, .or: return operands == (.boolean, .boolean) ? .boolean : .other
            case .matrixProduct: return .other
            }
        default: return .other
        }
    }

    private static func value(_ text: String, for name: String, kind: Kind) throws(Refusal) -> Value {
        switch kind {
        case .other:
            if let number = languageNumber(text) { return .number(number) }
            if text == "true" || text == "false" { return .boolean(text == "true") }
            if let list = languageList(text) { return list }
            return try value(text, for: name, kind: .string)
        case .list:
            guard let list = languageList(text) else {
                throw Refusal(message: "--set \(name): expected a list written as in the language, such as [1, 2] or [\"a\", \"b\"], got '\(text)'")
            }
            return list
        case .string:
            // Read as a number, `name + "x"` would fail, or silently compute, later. Quotes
            // stay optional, as for any value: `--set label='a b'` is the text a b.
            if text.count >= 2, let first = text.first, first == text.last, first == "\"" || first == "'" {
                return .string(String(text.dropFirst().dropLast()))
            }
            return .string(text)
        case .boolean:
            guard text == "true" || text == "false" else { throw Refusal(message: "--set \(name): expected true or false, got '\(text)'") }
            return .boolean(text == "true")
        case .number:
            guard let number = languageNumber(text) else { throw Refusal(message: "--set \(name): expected a number, got '\(text)'") }
            return .number(number)
        }
    }

    /// `text` read as a list in brackets of number, string and boolean literals
    /// or such lists, as the language builds it; nil for anything else.
    private static func languageList(_ text: String) -> Value? {
        switch Value(literal: text.trimmingSpaces()) {
        case let list?:
            switch list {
            case .vector, .matrix, .list: return list
            default: return nil
            }
        case nil: return nil
        }
    }

    /// `text` read as a number literal of the language, with an optional sign.
    private static func languageNumber(_ text: String) -> Double? {
        let (tokens, diagnostics) = Lexer.tokenize(SourceFile(name: "--set", text: text.trimmingSpaces()))
        guard diagnostics.isEmpty else { return nil }
        let significant = tokens.map(\.kind).filter { $0 != .newline && $0 != .endOfFile }
        guard let last = significant.last, case .number(let x) = last else { return nil }
        switch significant.dropLast() {
        case []: return x
        case [.symbol(.minus)]: return -x
        case [.symbol(.plus)]: return x
        default: return nil
        }
    }
}
