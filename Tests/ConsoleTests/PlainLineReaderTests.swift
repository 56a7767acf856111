import Foundation
import Testing

@testable import Console

/// Piped input: lines as written, and a line too long to keep skipped instead of kept.
@Suite struct PlainLineReaderTests {
    /// A reader of `input` through a file, with lines kept up to `limit` bytes.
    func reader(_ input: String, limit: Int = PlainLineReader.maximumLineLength) throws -> (PlainLineReader, Int32) {
        let path = NSTemporaryDirectory() + "mlx-plain-reader-\(UUID().uuidString)"
        try Data(input.utf8).write(to: URL(fileURLWithPath: path))
        let descriptor = open(path, O_RDONLY)
        unlink(path)
        return (PlainLineReader(descriptor: descriptor, maximumLineLength: limit), descriptor)
    }

    func readAll(_ reader: PlainLineReader) -> [LineInput] {
        var inputs = [LineInput]()
        while true {
            let input = reader.read(prompt: "")
            inputs.append(input)
            if input == .endOfInput { return inputs }
        }
    }

    @Test func linesArriveWithoutTheirBreaks() throws {
        let (reader, descriptor) = try reader("x = 1\r\n\ny\nlast")
        defer { close(descriptor) }
        #expect(readAll(reader) == [.line("x = 1"), .line(""), .line("y"), .line("last"), .endOfInput])
    }

    @Test func aLineOverTheLimitIsSkippedToItsEnd() throws {
        let (reader, descriptor) = try reader("short\n" + String(repeating: "x", count: 25) + "\nafter\n" + String(repeating: "y", count: 11), limit: 10)
        defer { close(descriptor) }
        #expect(readAll(reader) == [.line("short"), .overlong(limit: 10), .line("after"), .overlong(limit: 10), .endOfInput])
    }

    /// The reader's buffer holds 64 KiB: a long line spans many reads.
    @Test func aLineLongerThanOneReadIsKeptWhole() throws {
        let long = String(repeating: "0123456789", count: 30_000)
        let (reader, descriptor) = try reader(long + "\n" + long + "9\nend\n", limit: long.utf8.count)
        defer { close(descriptor) }
        #expect(readAll(reader) == [.line(long), .overlong(limit: long.utf8.count), .line("end"), .endOfInput])
    }

    @Test func aSessionSaysWhatItSkippedAndGoesOn() throws {
        let (reader, descriptor) = try reader("x = 1\nv = [\n" + String(repeating: "1, ", count: 100) + "\n]\nx + 1\n", limit: 100)
        defer { close(descriptor) }
        let output = CapturedOutput()
        let session = ReplSession(reader: reader, output: output)
        session.run()
        #expect(output.standardErrorText.contains("error: an input line longer than 100 bytes was skipped, with the cell it was part of"))
        #expect(output.standardOutputText.hasSuffix("2\n"))
        #expect(session.status == .runtimeError)
    }
}
