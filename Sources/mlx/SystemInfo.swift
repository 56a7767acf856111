import Foundation

/// What the operating system says about the machine, for reports and run records.
struct SystemInfo {
    let operatingSystem: String
    let cpuModel: String
    let cpuCores: Int

    static func current() -> SystemInfo {
        SystemInfo(
            operatingSystem: osRelease() ?? ProcessInfo.processInfo.operatingSystemVersionString,
            cpuModel: cpuModelName() ?? "unknown",
            cpuCores: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// PRETTY_NAME from /etc/os-release, the one line every Linux distribution keeps.
    private static func osRelease() -> String? {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return nil }
        return value(of: "PRETTY_NAME", separator: "=", in: text)?.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    private static func cpuModelName() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        return value(of: "model name", separator: ":", in: text)
    }

    private static func value(of key: String, separator: Character, in text: String) -> String? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: separator, maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
