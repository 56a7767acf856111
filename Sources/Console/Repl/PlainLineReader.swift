import Foundation

/// Reads standard input line by line without editing or prompts, for
/// `mlx < file.mlx` and pipes.
///
/// A line is read up to `maximumLineLength` bytes: input with no line break (`yes | tr -d '\n'`)
/// would otherwise grow one line until memory ran out. A longer line is skipped to its end
/// without being kept, and the session is told, so that it can say so and go on.
public final class PlainLineReader: LineReader {
    /// The longest line kept, in bytes: the size of the largest script `mlx run` reads.
    public static let maximumLineLength = ScriptFile.maximumSize

    public private(set) var history: [String] = []
    private let descriptor: Int32
    private let maximumLineLength: Int
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0
    private var atEnd = false

    /// Reads `descriptor` (standard input unless a test gives a pipe).
    public init(descriptor: Int32 = STDIN_FILENO, maximumLineLength: Int = PlainLineReader.maximumLineLength) {
        self.descriptor = descriptor
        self.maximumLineLength = maximumLineLength
    }

    public func read(prompt: String) -> LineInput {
        var line = [UInt8]()
        var overlong = false
        while true {
            if start == end, !refill() {
                if line.isEmpty, !overlong { return .endOfInput }
                break
            }
            let available = buffer[start..<end]
            let lineEnd = available.firstIndex(of: UInt8(ascii: "\n"))
            let piece = available[..<(lineEnd ?? end)]
            if !overlong, line.count + piece.count <= maximumLineLength {
                line.append(contentsOf: piece)
            } else if !overlong {
                overlong = true
                line = []
            }
            start = lineEnd.map { $0 + 1 } ?? end
            if lineEnd != nil { break }
        }
        if overlong { return .overlong(limit: maximumLineLength) }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return .line(String(decoding: line, as: UTF8.self))
    }

    public func addHistory(_ line: String) {
        history.append(line)
    }

    /// Reads more input into the buffer; false at the end of input or on a read error.
    private func refill() -> Bool {
        guard !atEnd else { return false }
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                (start, end) = (0, count)
                return true
            }
            // Ctrl-C while a pipe is read interrupts `read`; the input has not ended.
            if count < 0, errno == EINTR { continue }
            atEnd = true
            return false
        }
    }
}
