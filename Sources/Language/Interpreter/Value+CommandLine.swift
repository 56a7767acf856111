extension Value {
    /// A value given on the command line (`--set name=value`): a number,
    /// `true`/`false`, or text (surrounding quotes optional).
    public init(commandLine text: String) {
        let trimmed = text.trimmingSpaces()
        if !trimmed.isEmpty, let x = Double(trimmed) {
            self = .number(x)
        } else if text == "true" || text == "false" {
            self = .boolean(text == "true")
        } else if text.count >= 2, let first = text.first, first == text.last, first == "\"" || first == "'" {
            self = .string(String(text.dropFirst().dropLast()))
        } else {
            self = .string(text)
        }
    }
}

extension Value {
    /// The value a number, string or boolean literal stands for, as `literalText`
    /// writes it; nil for anything else.
    public init?(literal text: String) {
        let (program, diagnostics) = Parser.parse(SourceFile(name: "literal", text: "x = " + text + "\n"))
        guard diagnostics.isEmpty, program.statements.count == 1, case .assign(_, let expression) = program.statements[0].kind else { return nil }
        switch expression.kind {
        case .number(let x): self = .number(x)
        case .string(let s): self = .string(s)
        case .boolean(let b): self = .boolean(b)
        case .unary(.negate, let operand):
            guard case .number(let x) = operand.kind else { return nil }
            self = .number(-x)
        default: return nil
        }
    }

    /// The value as the language would write it (numbers exactly); other
    /// kinds of value by their type name.
    public var literalText: String { Builtins.literal(self) }
}
