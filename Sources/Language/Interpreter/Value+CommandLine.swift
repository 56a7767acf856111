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
    /// The value as the language would write it (numbers exactly); other
    /// kinds of value by their type name.
    public var literalText: String { Builtins.literal(self) }
}
