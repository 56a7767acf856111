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
    static let relevantFeatures: Set<String> = [
        "sse4_2", "avx", "avx2", "fma", "f16c", "bmi2", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_vnni",
        "avx512_bf16", "amx_tile", "sha_ni", "neon", "asimd", "sve",
    ]

    /// The environment of a run whose process died before capturing it (in
    /// its first milliseconds): every field says unknown.
    public static let unrecorded = RunEnvironment(
        mlxVersion: "unknown", operatingSystem: "unknown", kernelRelease: "unknown", cpuModel: "unknown", cpuFeatures: [], cpuCores: 0,
        numeric: .unknown)

    /// This process's environment.
    public static func current(mlxVersion: String) -> RunEnvironment {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = (value(of: "flags", separator: ":", in: cpuinfo) ?? value(of: "Features", separator: ":", in: cpuinfo) ?? "")
            .split(separator: " ").map(String.init)
        let osRelease = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)).flatMap {
            value(of: "PRETTY_NAME", separator: "=", in: $0)?.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        var names = utsname()
        uname(&names)
        let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return RunEnvironment(
            mlxVersion: mlxVersion,
            operatingSystem: osRelease ?? ProcessInfo.processInfo.operatingSystemVersionString,
            kernelRelease: release,
            cpuModel: value(of: "model name", separator: ":", in: cpuinfo) ?? "unknown",
            cpuFeatures: flags.filter(relevantFeatures.contains).sorted(),
            cpuCores: ProcessInfo.processInfo.activeProcessorCount,
            numeric: .current())
    }

    /// `key<separator>value` from the first line that has it.
    private static func value(of key: String, separator: Character, in text: String) -> String? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: separator, maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// The differences that can change numeric results, as `what: recorded → now` lines.
    public func numericDifferences(from other: RunEnvironment) -> [String] {
        var lines = [String]()
        func compare(_ what: String, _ a: String, _ b: String) { if a != b { lines.append("\(what): \(a) → \(b)") } }
        compare("BLAS", numeric.blasLibrary, other.numeric.blasLibrary)
        compare("BLAS kernel", numeric.blasKernel, other.numeric.blasKernel)
        compare("CPU", cpuModel, other.cpuModel)
        compare("CPU features", cpuFeatures.joined(separator: " "), other.cpuFeatures.joined(separator: " "))
        compare("mlx", mlxVersion, other.mlxVersion)
        return lines
    }
}
