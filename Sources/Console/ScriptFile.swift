import Foundation
import Language
import Tables

/// Reads a script's text for `mlx run` and the REPL's `:load`.
///
/// Only a regular file of at most `maximumSize` bytes is read, and standard input only up
/// to that size: a folder, a pipe with no writer (which would wait forever) or a device
/// such as /dev/zero (which never ends) is refused with the reason, never read.
public enum ScriptFile {
    /// The largest script read, in bytes (64 MiB): far beyond any script written by hand
    /// or saved by `:save`, and small enough that reading it cannot exhaust memory.
    public static let maximumSize = 64 << 20

    /// Why a script was not read, as a message ready to show.
    public struct Refusal: Error, Equatable, Sendable {
        public let message: String
    }

    /// The script at `path`, shown in diagnostics as `name`.
    public static func read(_ path: String, name: String? = nil) throws(Refusal) -> SourceFile {
        let name = name ?? path
        // Opened before it is examined, so that what is checked is what is read; without
        // blocking, so that opening a pipe nobody writes to does not wait for a writer.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Refusal(message: "cannot read \(name): \(problem(opening: errno))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Refusal(message: "cannot read \(name): \(String(cString: strerror(errno)))") }
        if let kind = notAFile(info), !isNullDevice(info) { throw Refusal(message: "cannot read \(name): it is \(kind), not a file") }
        guard info.st_size <= maximumSize else { throw tooLarge(name) }
        return try decode(try readCapped(descriptor, name: name), name: name)
    }

    /// The script on standard input, named `<stdin>`.
    public static func readStandardInput() throws(Refusal) -> SourceFile {
        try decode(try readCapped(STDIN_FILENO, name: "<stdin>"), name: "<stdin>")
    }

    /// The text of `bytes`, without a UTF-8 byte order mark; refused at the line and column
    /// of the first byte that is not UTF-8, as `load` refuses such data.
    static func decode(_ bytes: [UInt8], name: String) throws(Refusal) -> SourceFile {
        let content = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        let bad = content.withUnsafeBytes { UTF8Validator.firstInvalid(in: $0, 0..<$0.count) }
        guard let bad else { return SourceFile(name: name, text: String(decoding: content, as: UTF8.self)) }
        // The text before the bad byte is valid, and places it as a diagnostic would.
        let before = SourceFile(name: name, text: String(decoding: content[..<(content.startIndex + bad)], as: UTF8.self))
        let place = "\(name):\(before.line(of: bad)):\(before.column(of: bad))"
        throw Refusal(message: "\(place): \(UTF8Validator.message(invalid: content[content.startIndex + bad]))")
    }

    /// /dev/null, the one device read as a script: an empty one, as CI checks of a setup use it.
    private static func isNullDevice(_ info: stat) -> Bool {
        // Linux encodes device 1:3 (mem, null) as 0x103 in st_rdev.
        info.st_mode & S_IFMT == S_IFCHR && info.st_rdev == 0x103
    }

    /// What the file is, when it is not a regular file.
    private static func notAFile(_ info: stat) -> String? {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a pipe"
        case S_IFSOCK: return "a socket"
        default: return "a device"
        }
    }

    private static func problem(opening error: Int32) -> String {
        switch error {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        default: return String(cString: strerror(error))
        }
    }

    private static func tooLarge(_ name: String) -> Refusal {
        Refusal(message: "cannot read \(name): it is larger than \(maximumSize >> 20) MiB, the most a script may be")
    }

    /// Everything `descriptor` gives up to end of file, refused past `maximumSize`: at most
    /// one byte more than that is read, whatever the input (a file may grow after its size
    /// was checked; standard input has none).
    private static func readCapped(_ descriptor: Int32, name: String) throws(Refusal) -> [UInt8] {
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= maximumSize {
            let wanted = Swift.min(chunk.count, maximumSize + 1 - bytes.count)
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, wanted) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { waitForInput(descriptor); continue }
                throw Refusal(message: "cannot read \(name): \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[..<count])
        }
        throw tooLarge(name)
    }

    /// Standard input may have been left non-blocking by whoever shares it.
    private static func waitForInput(_ descriptor: Int32) {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&request, 1, -1)
    }
}
