import BenchmarkSupport
import Foundation

/// One timed load in a fresh process.
struct Sample {
    /// The first load in a fresh process, and the median of the loads after it.
    var seconds: Double
    var warmSeconds: Double
    /// VmHWM before the load (after imports) and after it, in KiB.
    var baselineKiB: Int
    var peakKiB: Int
    var rows: Int
    var checksum: Double

    /// Runs `executable arguments` and parses its one-line report.
    static func run(_ executable: String, _ arguments: [String]) throws -> Sample {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.standardError
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let words = String(decoding: output, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard process.terminationStatus == 0, words.count == 6, let seconds = Double(words[0]), let warm = Double(words[1]),
              let baseline = Int(words[2]), let peak = Int(words[3]), let rows = Int(words[4]), let checksum = Double(words[5]) else {
            throw BenchmarkError.failed("\(executable) \(arguments.joined(separator: " ")) reported '\(String(decoding: output, as: UTF8.self))'")
        }
        return Sample(seconds: seconds, warmSeconds: warm, baselineKiB: baseline, peakKiB: peak, rows: rows, checksum: checksum)
    }
}

/// Why the benchmark stopped.
