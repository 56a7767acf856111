import BenchmarkSupport
import Foundation
import Numerics
import Tables

/// Loads in this process, for the driver. Prints the first load's seconds
/// (a fresh process: every page is new), the median seconds of the loads
/// after it (warm: memory recycled, as in a session), the resident high-water
/// mark before and after the first load (KiB), rows and a checksum.
enum ChildRun {
    static func run(path: String, repeats: Int) throws {
        // The allocator set up as the `mlx` executable sets it up.
        ProcessMemory.retainLargeAllocations()
        let before = peakResidentKiB()
        var times = [Double]()
        var after = 0
        var last: LoadedTable?
        for _ in 0..<repeats {
            last = nil  // the previous table goes before the next load, as `t = load(...)` would not
            let start = ContinuousClock.now
            let loaded = try TableLoader.load(path: path)
            let (seconds, attoseconds) = start.duration(to: .now).components
            times.append(Double(seconds) + Double(attoseconds) * 1e-18)
            if after == 0 { after = peakResidentKiB() }
            last = loaded
        }
        var checksum = 0.0
        for column in last!.table.columns { checksum += try column.doubles().reduce(0, +) }
        let warm = times.count > 1 ? median(Array(times.dropFirst())) : times[0]
        print("\(times[0]) \(warm) \(before) \(after) \(last!.table.rowCount) \(checksum)")
    }

    /// VmHWM from /proc/self/status, in KiB.
    static func peakResidentKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
