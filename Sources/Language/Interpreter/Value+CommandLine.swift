import Tables

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
    /// The value a number, string or boolean literal, or a list of them in
    /// brackets, stands for, as `literalText` writes it (a list of numbers is
    /// a vector, rows of numbers a matrix, as the language builds them); nil
    /// for anything else.
    public init?(literal text: String) {
        let source = SourceFile(name: "literal", text: "x = " + text + "\n")
        let (program, diagnostics) = Parser.parse(source)
        guard diagnostics.isEmpty, program.statements.count == 1, case .assign(_, let expression) = program.statements[0].kind,
            Self.isLiteral(expression)
        else { return nil }
        let interpreter = Interpreter(host: NoDataHost())
        do { _ = try interpreter.run(program.statements[0], in: source, cell: 1) } catch { return nil }
        guard let value = interpreter.variable("x") else { return nil }
        self = value
    }

    /// Whether `expression` is written with literals and brackets only: evaluating it reads nothing.
    private static func isLiteral(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .number, .string, .boolean: return true
        case .unary(.negate, let operand): if case .number = operand.kind { return true } else { return false }
        case .list(let elements): return elements.allSatisfy(isLiteral)
        default: return false
        }
    }

    /// The value as the language would write it (numbers exactly, lists of
    /// such values in brackets); other kinds of value by their type name.
    public var literalText: String { Builtins.literal(self) }

    /// Whether `literalText` writes the value itself rather than its type's name: a
    /// parameter's value is recorded with every run, so a long list is named, not written.
    var hasLiteral: Bool {
        let most = 100
        switch self {
        case .number, .string, .boolean: return true
        case .vector(let v): return v.count <= most
        case .matrix(let m): return m.rows * m.columns <= most
        case .list(let items): return items.count <= most && items.allSatisfy(\.hasLiteral)
        default: return false
        }
    }
}

/// A host for evaluating literals: they load nothing.
private struct NoDataHost: InterpreterHost {
    struct NoData: Error {}
    func loadTable(path: String, options: LoadOptions) throws -> LoadedTable { throw NoData() }
}
