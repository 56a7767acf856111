/// A reader that replays a fixed list of inputs, for tests and examples.
public final class ScriptedLineReader: LineReader {
    private var inputs: [LineInput]
    /// Every prompt shown so far, in order.
    public private(set) var prompts: [String] = []
    public private(set) var history: [String] = []

    /// - Parameter inputs: what successive reads return; `.endOfInput` after the last.
    public init(_ inputs: [LineInput]) {
        self.inputs = inputs
    }

    /// Each string is one line; a string with line breaks is split into several.
    public convenience init(lines: [String]) {
        self.init(lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }.map { .line(String($0)) })
    }

    public func read(prompt: String) -> LineInput {
        prompts.append(prompt)
        return inputs.isEmpty ? .endOfInput : inputs.removeFirst()
    }

    public func addHistory(_ line: String) {
        history.append(line)
    }
}
