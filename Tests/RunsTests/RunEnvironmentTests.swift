import Foundation
import Testing

@testable import Runs

/// The environment recorded for a run, against the same files read through Foundation.
@Suite struct RunEnvironmentTests {
    /// The first line of `text` with `key` before `separator`, trimmed as Foundation trims whitespace.
    private func reference(_ key: String, _ separator: Character, in text: String) -> String? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: separator, maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key { return parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }

    @Test func matchesTheSystemFiles() throws {
        let environment = RunEnvironment.current(mlxVersion: "test")
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        #expect(environment.cpuModel == (reference("model name", ":", in: cpuinfo) ?? "unknown"))
        let flags = Set((reference("flags", ":", in: cpuinfo) ?? reference("Features", ":", in: cpuinfo) ?? "").split(separator: " ").map(String.init))
        #expect(environment.cpuFeatures == flags.filter(RunEnvironment.relevantFeatures.contains).sorted())
        let osRelease = try String(contentsOfFile: "/etc/os-release", encoding: .utf8)
        #expect(environment.operatingSystem == reference("PRETTY_NAME", "=", in: osRelease)?.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        #expect(!environment.kernelRelease.isEmpty && environment.cpuCores == ProcessInfo.processInfo.activeProcessorCount)
    }

    @Test func theMachinesFactsAreKeptUntilItRestarts() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-machine-\(UUID().uuidString)").path
        defer { unlink(path) }
        let read = RunEnvironment.MachineFacts.read()
        #expect(RunEnvironment.MachineFacts.cached(in: path) == read)
        let key = try #require(RunEnvironment.MachineFacts.bootKey())
        #expect(try String(contentsOfFile: path, encoding: .utf8) == read.text(key: key))
        // What is kept is what is used, while the key holds.
        var kept = read
        kept.cpuModel = "kept"
        try #require(kept.text(key: key)).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(RunEnvironment.MachineFacts.cached(in: path) == kept)
        #expect(RunEnvironment.current(mlxVersion: "test", machineCache: path).cpuModel == "kept")
        // Another boot, or a damaged file: read afresh, and kept again.
        for text in [try #require(kept.text(key: "another boot")), "mlx machine facts 1\n\(key)\nonly a line\n", ""] {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(RunEnvironment.MachineFacts.cached(in: path) == read)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == read.text(key: key))
        }
        // A fact that spans lines is never kept.
        kept.cpuModel = "two\nlines"
        #expect(kept.text(key: key) == nil)
    }

    @Test func aControlGroupsQuotaCountsInWholeCPUsRoundedUp() {
        #expect(RunEnvironment.wholeCPUs(150_000, 100_000) == 2)
        #expect(RunEnvironment.wholeCPUs(50_000, 100_000) == 1)
        #expect(RunEnvironment.wholeCPUs(200_000, 100_000) == 2)
        #expect(RunEnvironment.wholeCPUs(-1, 100_000) == nil, "no quota (version 1 writes -1)")
        #expect(RunEnvironment.wholeCPUs(100_000, 0) == nil)
    }

    @Test func keysAndValuesLoseTheirBlanks() {
        let text = "processor\t: 0\nmodel name\t: Some CPU  \nflags\t\t: fpu sse\nempty:\n=x\nblank: \n"
        #expect(RunEnvironment.value(of: "model name", separator: ":", in: text) == "Some CPU")
        #expect(RunEnvironment.value(of: "flags", separator: ":", in: text) == "fpu sse")
        #expect(RunEnvironment.value(of: "empty", separator: ":", in: text) == nil)
        #expect(RunEnvironment.value(of: "", separator: "=", in: text) == nil)
        #expect(RunEnvironment.value(of: "blank", separator: ":", in: text) == "")
        #expect(RunEnvironment.value(of: "missing", separator: ":", in: text) == nil)
    }
}
