import Foundation

/// The Python side of a benchmark (`Benchmarks/*_worker.py`) in a subprocess, driven one
/// command per line over pipes (the protocol is documented in the script).
///
/// A subprocess rather than separate runs so that the peer's and mlx's samples can
/// alternate within one invocation and see the same machine state.
public final class PythonWorker {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffered = Data()

    /// Starts `python script`; the worker inherits our environment unchanged
    /// (OPENBLAS_* included), so both sides run under the same variables.
    public init(python: String, script: String) throws {
        if python.contains("/") {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-u", script]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [python, "-u", script]
        }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            throw BenchmarkError.worker("cannot start \(python): \(error.localizedDescription) (try --python PATH, or the dev/bench* script that sets up .venv)")
        }
    }

    /// The worker script `Benchmarks/<name>`: found from the working
    /// directory first and from this file's compile-time path otherwise.
    public static func scriptPath(_ name: String) -> String {
        let relative = "Benchmarks/\(name)"
        if FileManager.default.fileExists(atPath: relative) { return relative }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(name).path
    }

    /// Sends one command and returns the text after "ok".
    @discardableResult
    public func send(_ command: String) throws -> String {
        try input.fileHandleForWriting.write(contentsOf: Data((command + "\n").utf8))
        guard let reply = try readLine() else {
            throw BenchmarkError.worker("exited while answering '\(command.prefix(60))'")
        }
        if reply == "ok" { return "" }
        if reply.hasPrefix("ok ") { return String(reply.dropFirst(3)) }
        throw BenchmarkError.worker("'\(command.prefix(60))' failed: \(reply)")
    }

    /// Sends a command whose reply is one number.
    public func number(_ command: String) throws -> Double {
        let reply = try send(command)
        guard let value = Double(reply) else { throw BenchmarkError.worker("expected a number, got '\(reply)'") }
        return value
    }

    public func quit() {
        try? input.fileHandleForWriting.write(contentsOf: Data("quit\n".utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    private func readLine() throws -> String? {
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[buffered.startIndex..<newline], as: UTF8.self)
                buffered = Data(buffered[(newline + 1)...])
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }  // end of file: the worker died
            buffered.append(chunk)
        }
    }
}
