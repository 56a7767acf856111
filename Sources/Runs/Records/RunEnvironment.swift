import CKernels
import Foundation
import Numerics

/// The machine and numeric library a run executed on: what decides whether a
/// replay can be bit-identical.
public struct RunEnvironment: Codable, Equatable, Sendable {
    public var mlxVersion: String
    /// PRETTY_NAME from /etc/os-release.
    public var operatingSystem: String
    /// The kernel release (`uname -r`).
    public var kernelRelease: String
    public var cpuModel: String
    /// The instruction-set extensions numeric kernels choose between.
    public var cpuFeatures: [String]
    public var cpuCores: Int
    public var numeric: NumericEnvironment

    /// The extensions worth recording: the ones BLAS kernels and the SIMD loops select on.
    /// An array: a set's first use costs a run a search of the runtime's conformance tables.
    static let relevantFeatures: [String] = [
        "sse4_2", "avx", "avx2", "fma", "f16c", "bmi2", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_vnni",
        "avx512_bf16", "amx_tile", "sha_ni", "neon", "asimd", "sve",
    ]

    /// The environment of a run whose process died before capturing it (in
    /// its first milliseconds): every field says unknown.
    public static let unrecorded = RunEnvironment(
        mlxVersion: "unknown", operatingSystem: "unknown", kernelRelease: "unknown", cpuModel: "unknown", cpuFeatures: [], cpuCores: 0,
        numeric: .unknown)

    /// Whether the run captured its environment: a replay has no kernel or
    /// thread count to match, and nothing to compare with, when it did not.
    public var isRecorded: Bool { self != .unrecorded }

    /// This process's environment. Read with plain system calls and byte
    /// scanning: it is captured at the start of every recorded run, on the
    /// writer's thread, and Foundation's file reading and character-set
    /// trimming made it take 0.5–0.8 ms. With `machineCache`, a file where the
    /// machine's part is kept (`MachineFacts`), that part is read from there
    /// while the machine has not restarted.
    public static func current(mlxVersion: String, machineCache: String? = nil) -> RunEnvironment {
        let machine = machineCache.map(MachineFacts.cached(in:)) ?? .read()
        return RunEnvironment(
            mlxVersion: mlxVersion, operatingSystem: machine.operatingSystem, kernelRelease: machine.kernelRelease,
            cpuModel: machine.cpuModel, cpuFeatures: machine.cpuFeatures, cpuCores: usableProcessors(), numeric: .current())
    }

    /// The processors this process may use, as Foundation's
    /// `activeProcessorCount` counts them (its affinity mask, within a control
    /// group's CPU quota rounded up), read with plain system calls: Foundation
    /// took about 0.3 ms at the start of every recorded run.
    static func usableProcessors() -> Int {
        let online = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let allowed = Int(mlx_affinity_cpu_count())
        return min(allowed > 0 ? allowed : online, cgroupQuota() ?? .max)
    }

    /// The control group's CPU quota in whole CPUs, rounded up (nil without one):
    /// `cpu.max` (version 2) or the CFS quota and period (version 1).
    static func cgroupQuota() -> Int? {
        func text(_ path: String) -> String? { readFile(path).map { String(decoding: $0, as: UTF8.self) } }
        if let max = text("/sys/fs/cgroup/cpu.max") {
            let fields = max.split(whereSeparator: { $0 == " " || $0 == "\n" })
            guard fields.count == 2, let quota = Int(fields[0]), let period = Int(fields[1]) else { return nil }
            return wholeCPUs(quota, period)
        }
        guard let quota = text("/sys/fs/cgroup/cpu/cpu.cfs_quota_us").flatMap({ Int($0.filter { $0 != "\n" }) }),
            let period = text("/sys/fs/cgroup/cpu/cpu.cfs_period_us").flatMap({ Int($0.filter { $0 != "\n" }) })
        else { return nil }
        return wholeCPUs(quota, period)
    }

    /// `quota`/`period` CPUs rounded up; nil for no limit (a negative quota) or a nonsense period.
    static func wholeCPUs(_ quota: Int, _ period: Int) -> Int? {
        guard quota > 0, period > 0 else { return nil }
        return max(1, (quota + period - 1) / period)
    }

    /// What stays the same until the machine restarts: the system, the kernel,
    /// the CPU. Reading them (`/proc/cpuinfo` above all) took a recorded run
    /// a few tenths of a millisecond of CPU; kept in the store, keyed by the
    /// boot's id, the identity of `/etc/os-release` (an upgrade rewrites it)
    /// and the features worth recording, they cost a read of two small files.
    struct MachineFacts: Equatable {
        var operatingSystem: String
        var kernelRelease: String
        var cpuModel: String
        var cpuFeatures: [String]

        static let header = "mlx machine facts 1"

        /// The facts from `path` if they were kept since this boot, else read
        /// afresh and kept there (a failure to keep them only means reading them next time).
        static func cached(in path: String) -> MachineFacts {
            guard let key = bootKey() else { return read() }
            if let kept = readFile(path).map({ String(decoding: $0, as: UTF8.self) }), let facts = parse(kept, key: key) { return facts }
            let facts = read()
            if let text = facts.text(key: key) { keepWhole(text, at: path) }
            return facts
        }

        static func read() -> MachineFacts {
            let cpuinfo = contents(of: "/proc/cpuinfo")
            let flags = (value(of: "flags", separator: ":", in: cpuinfo) ?? value(of: "Features", separator: ":", in: cpuinfo) ?? "")
                .utf8.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
            let osRelease = value(of: "PRETTY_NAME", separator: "=", in: contents(of: "/etc/os-release")).map {
                String(decoding: trimming($0[...].utf8, { $0 == UInt8(ascii: "\"") }), as: UTF8.self)
            }
            var names = utsname()
            uname(&names)
            let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            return MachineFacts(
                operatingSystem: osRelease ?? ProcessInfo.processInfo.operatingSystemVersionString, kernelRelease: release,
                cpuModel: value(of: "model name", separator: ":", in: cpuinfo) ?? "unknown", cpuFeatures: flags.filter(relevantFeatures.contains).sorted())
        }

        /// The boot's id and the identity of `/etc/os-release`, nil if either cannot be read.
        static func bootKey() -> String? {
            guard let boot = readFile("/proc/sys/kernel/random/boot_id"), boot.count > 1 else { return nil }
            var info = stat()
            guard stat("/etc/os-release", &info) == 0 else { return nil }
            let release = [UInt64(info.st_dev), UInt64(info.st_ino), UInt64(info.st_size), UInt64(info.st_mtim.tv_sec), UInt64(info.st_mtim.tv_nsec)]
            // The features worth recording too: a build that records others must not take these.
            return String(decoding: boot.prefix { $0 != 0x0A }, as: UTF8.self) + " " + release.map(String.init).joined(separator: ":") + " "
                + relevantFeatures.joined(separator: ",")
        }

        /// The kept text: a header, the key, then one fact per line; nil if a fact spans lines.
        func text(key: String) -> String? {
            let lines = [Self.header, key, operatingSystem, kernelRelease, cpuModel, cpuFeatures.joined(separator: " ")]
            guard !lines.contains(where: { $0.contains("\n") }) else { return nil }
            return lines.joined(separator: "\n") + "\n"
        }

        /// The facts in `text` if it was kept under `key`.
        static func parse(_ text: String, key: String) -> MachineFacts? {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard lines.count == 7, lines[0] == header, lines[1] == key, lines[6].isEmpty else { return nil }
            return MachineFacts(
                operatingSystem: lines[2], kernelRelease: lines[3], cpuModel: lines[4],
                cpuFeatures: lines[5].split(separator: " ").map(String.init))
        }
    }

    /// The file's text, empty if it cannot be read (procfs files report no size, so it is read to the end).
    private static func contents(of path: String) -> String {
        String(decoding: readFile(path) ?? [], as: UTF8.self)
    }

    /// `key<separator>value` from the first line that has it, both sides without surrounding
    /// blanks; a line with nothing before or after the separator does not count. Bytes, not
    /// characters: the files are ASCII where it matters, and grapheme breaking is slow.
    static func value(of key: String, separator: Character, in text: String) -> String? {
        let separator = separator.asciiValue!
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            guard let cut = line.firstIndex(of: separator), cut != line.startIndex, line.index(after: cut) != line.endIndex else { continue }
            if trimming(line[..<cut], isBlank).elementsEqual(key.utf8) {
                return String(decoding: trimming(line[line.index(after: cut)...], isBlank), as: UTF8.self)
            }
        }
        return nil
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// `text` without the bytes `isTrimmed` picks at either end.
    private static func trimming(_ text: Substring.UTF8View, _ isTrimmed: (UInt8) -> Bool) -> Substring.UTF8View {
        guard let first = text.firstIndex(where: { !isTrimmed($0) }) else { return text[text.endIndex...] }
        return text[first...text.lastIndex(where: { !isTrimmed($0) })!]
    }

    /// The differences that can change numeric results, as `what: recorded → now`
    /// lines, this being the recorded environment and `now` the one it is compared with.
    public func numericDifferences(to now: RunEnvironment) -> [String] {
        var lines = [String]()
        func compare(_ what: String, _ recorded: String, _ now: String) { if recorded != now { lines.append("\(what): \(recorded) → \(now)") } }
        compare("BLAS", numeric.blasLibrary, now.numeric.blasLibrary)
        compare("BLAS kernel", numeric.blasKernel, now.numeric.blasKernel)
        compare("CPU", cpuModel, now.cpuModel)
        compare("CPU features", cpuFeatures.joined(separator: " "), now.cpuFeatures.joined(separator: " "))
        compare("mlx", mlxVersion, now.mlxVersion)
        return lines
    }
}
