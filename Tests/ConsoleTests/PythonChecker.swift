import Foundation

/// The project's Python environment (`.venv`, made by dev/test), used to run
/// independent checkers such as a JUnit XML reader.
enum PythonChecker {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = root.appendingPathComponent(".venv/bin/python").path

    /// Present when dev/test has set it up. In CI a missing environment is a
    /// failure, not a skip, so the check cannot silently stop running.
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: python) || ProcessInfo.processInfo.environment["CI"] != nil
    }

    /// Runs `code` with `arguments`; returns standard output, or throws with standard error.
    static func run(_ code: String, arguments: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", code] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CheckerError(message: String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    struct CheckerError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
