import Foundation
import Tables

/// One load in this process, for the driver: elapsed seconds, resident
/// high-water mark before and after (KiB), rows and a checksum.
enum ChildRun {
    static func run(path: String) throws {
        let before = peakResidentKiB()
        let start = ContinuousClock.now
        let loaded = try TableLoader.load(path: path)
        let elapsed = start.duration(to: .now)
        let after = peakResidentKiB()
        var checksum = 0.0
        for column in loaded.table.columns { checksum += try column.doubles().reduce(0, +) }
        let (seconds, attoseconds) = elapsed.components
        print("\(Double(seconds) + Double(attoseconds) * 1e-18) \(before) \(after) \(loaded.table.rowCount) \(checksum)")
    }

    /// VmHWM from /proc/self/status, in KiB.
    static func peakResidentKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
