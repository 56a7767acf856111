/// Reads standard input line by line without editing or prompts, for
/// `mlx < file.mlx` and pipes.
public final class PlainLineReader: LineReader {
    public private(set) var history: [String] = []

    public init() {}

    public func read(prompt: String) -> LineInput {
        guard let line = readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
    }

    public func addHistory(_ line: String) {
        history.append(line)
    }
}
