import BenchmarkSupport
import Foundation

/// What recording costs: each example script run with and without
/// `--no-record`, interleaved, into a fresh store.
enum Overhead {
    /// The extra wall time recording may add, as a fraction.
    static let target = 0.05

    static func table(mlx: String, root: String, repetitions: Int) throws -> TextTable {
        let scripts = try FileManager.default.contentsOfDirectory(atPath: root + "/scripts").filter { $0.hasSuffix(".mlx") }.sorted()
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-runs-bench-overhead-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        var table = TextTable(headings: ["mlx run", "--no-record", "recorded", "extra", "", "95% interval", "CPU", "target", "met"])
        for script in scripts {
            FileHandle.standardError.write(Data("recording overhead: \(script)…\n".utf8))
            // The same store either way: a script that deploys writes its bundle whether or not the run is recorded.
            let recorded = Command(name: script, arguments: ["run", "--store", store, "scripts/" + script])
            let unrecorded = Command(name: script, arguments: ["run", "--no-record", "--store", store, "scripts/" + script])
            let timings = try Interleaved(executable: mlx).samples([recorded, unrecorded], count: repetitions, warmups: 2, alternating: true)
            let times = timings.map { $0.map(\.wall) }
            // The CPU recording adds, all threads: steadier than wall time on a shared machine, and what a busy one pays.
            let addedCPU = median(zip(timings[0], timings[1]).map { $0.cpu - $1.cpu })
            // Each recorded run against the unrecorded one beside it: drift hits both alike.
            let pairs = zip(times[0], times[1])
            let ratios = pairs.map { $0 / $1 }
            let extra = median(ratios) - 1, added = median(pairs.map { $0 - $1 })
            let interval = medianInterval(ratios)
            table.rows.append([
                script, TextCell.time(median(times[1])), TextCell.time(median(times[0])), String(format: "%+.1f%%", extra * 100),
                "(" + String(format: "%+.1f", added * 1000) + " ms)",
                String(format: "%+.1f…%+.1f%%", (interval.low - 1) * 100, (interval.high - 1) * 100),
                String(format: "%+.1f ms", addedCPU * 1000),
                "< +\(Int(target * 100))%", extra < target ? "yes" : "NO",
            ])
        }
        return table
    }
}
