import Foundation
import Language
import Tables
import Testing

@testable import Runs

/// Comparing two runs: each section on recorder-made records, and the
/// renderings (the Markdown of a pull-request comment exactly).
@Suite struct RunDiffTests {
    /// What one recorded cell reports.
    struct Events {
        var seed: UInt64? = 42
        var parameters: [(String, Value)] = []
        var inputs: [(String, Fingerprint)] = []
        var metrics: [(String, Double)] = []
    }

    /// A one-cell script run recorded in memory, its machine-dependent fields pinned.
    static func run(_ number: Int, source: String = "x = 1\n", _ events: Events = Events()) throws -> RunRecord {
        let recorder = RunRecorder(
            store: nil, start: RunRecorder.Start(kind: .script, script: "fit.mlx", source: source, workingDirectory: "/work", mlxVersion: "0.1.0"))
        recorder.beginCell()
        if let seed = events.seed { recorder.emit(.seedSet(seed)) }
        for (name, value) in events.parameters { recorder.emit(.parameterSet(name: name, value: value, overridden: false)) }
        for (path, fingerprint) in events.inputs { recorder.emit(.dataLoaded(path: path, fingerprint: fingerprint)) }
        for (name, value) in events.metrics { recorder.emit(.metric(name: name, value: value)) }
        recorder.endCell(number: 1, source: source, succeeded: true, valueDigest: nil)
        recorder.finish(status: .ok, exitCode: 0)
        var run = recorder.record
        run.number = number
        run.contentID = String(repeating: String(number), count: 64)
        run.startedAt = Date(timeIntervalSince1970: 1_750_000_000 + Double(number) * 60)
        run.endedAt = run.startedAt.addingTimeInterval(1)
        run.environment = try JSONDecoder().decode(RunEnvironment.self, from: Data(RunExportTests.environment.utf8))
        run.git = GitState(commit: String(repeating: "a", count: 40), dirty: false)
        return run
    }

    static func fingerprint(_ digest: String, rows: Int = 150, columns: [(String, ColumnType)] = [("a", .number), ("label", .categorical)]) -> Fingerprint {
        Fingerprint(sha256: String(repeating: digest, count: 64 / digest.count), byteCount: rows * 20, rowCount: rows, schema: columns.map { SchemaField(name: $0.0, type: $0.1) })
    }

    @Test func identicalRunsSayNoDifferencesInEverySection() throws {
        let events = Events(parameters: [("c", .number(1))], inputs: [("d.csv", Self.fingerprint("ab"))], metrics: [("accuracy", 0.9)])
        let diff = RunDiff(from: try Self.run(1, events), to: try Self.run(2, events))
        #expect(diff.isEmpty)
        #expect((diff.unchangedParameters, diff.unchangedMetrics) == (1, 1))
        let renderer = RunDiffRenderer(timeZone: RunExportTests.utc)
        #expect(renderer.text(diff).components(separatedBy: "no differences").count - 1 == 6)
        #expect(renderer.markdown(diff).components(separatedBy: "No differences.").count - 1 == 6)
    }

    @Test func parametersChangedAddedAndRemovedByLastValue() throws {
        let old = Events(parameters: [("c", .number(2)), ("k", .number(3)), ("gamma", .number(0.1)), ("c", .number(1))])
        let new = Events(parameters: [("c", .number(0.5)), ("k", .number(3)), ("depth", .number(4))])
        let diff = RunDiff(from: try Self.run(1, old), to: try Self.run(2, new))
        #expect(
            diff.parameters == [
                RunDiff.Change(name: "c", old: "1", new: "0.5"), RunDiff.Change(name: "gamma", old: "0.1", new: nil),
                RunDiff.Change(name: "depth", old: nil, new: "4"),
            ])
        #expect(diff.unchangedParameters == 1)
    }

    @Test func metricsCompareLastValuesWithASignedChange() throws {
        let old = Events(metrics: [("accuracy", 0.8), ("f1", 0.5), ("log_loss", .nan), ("accuracy", 0.9)])
        let new = Events(metrics: [("accuracy", 0.85), ("f1", 0.5), ("log_loss", .nan), ("rmse", 2)])
        let diff = RunDiff(from: try Self.run(1, old), to: try Self.run(2, new))
        #expect(diff.metrics.map(\.name) == ["accuracy", "rmse"])
        #expect(diff.metrics[0].old == 0.9 && diff.metrics[0].new == 0.85)
        #expect(RunDiffRenderer.signed(diff.metrics[0].delta!) == "-0.05")
        #expect(diff.metrics[1].old == nil && diff.metrics[1].delta == nil)
        #expect(diff.unchangedMetrics == 2, "f1, and log_loss (NaN in both)")
    }

    @Test func dataComparesFingerprintsUnderTheSamePath() throws {
        let old = Events(inputs: [("train.csv", Self.fingerprint("ab")), ("old.csv", Self.fingerprint("cd"))])
        let changed = Self.fingerprint("ef", rows: 149, columns: [("a", .integer), ("label", .categorical), ("b", .number)])
        let new = Events(inputs: [("train.csv", changed), ("new.csv", Self.fingerprint("cd"))])
        let diff = RunDiff(from: try Self.run(1, old), to: try Self.run(2, new))
        #expect(diff.data.map(\.path) == ["train.csv", "old.csv", "new.csv"])
        #expect(
            diff.data[0].changes == [
                RunDiff.Change(name: "sha256", old: "abababababab", new: "efefefefefef"), RunDiff.Change(name: "bytes", old: "3000", new: "2980"),
                RunDiff.Change(name: "rows", old: "150", new: "149"), RunDiff.Change(name: "column a", old: "number", new: "integer"),
                RunDiff.Change(name: "column b", old: nil, new: "number"),
            ])
        #expect(diff.data[1].new == nil && diff.data[1].changes.isEmpty)
        #expect(diff.data[2].old == nil && diff.data[2].new?.rowCount == 150)
    }

    @Test func reorderedColumnsAreADifference() throws {
        let old = Events(inputs: [("d.csv", Self.fingerprint("ab", columns: [("a", .number), ("b", .number)]))])
        let new = Events(inputs: [("d.csv", Self.fingerprint("cd", columns: [("b", .number), ("a", .number)]))])
        let diff = RunDiff(from: try Self.run(1, old), to: try Self.run(2, new))
        #expect(diff.data[0].changes.last == RunDiff.Change(name: "column order", old: "a, b", new: "b, a"))
    }

    @Test func theScriptIsDiffedAndAReplSessionByItsCells() throws {
        let diff = RunDiff(from: try Self.run(1, source: "a = 1\nb = 2\n"), to: try Self.run(2, source: "a = 1\nb = 3\n"))
        #expect(diff.script.map(\.header) == ["@@ -1,2 +1,2 @@"])
        #expect(diff.script[0].lines == [" a = 1", "-b = 2", "+b = 3"])
        var session = try Self.run(3)
        session.kind = .repl
        session.source = nil
        session.cells = [("x = 1", 1), (":reset", 0), ("for i in [1]:\n    print(i)", 2)].map {
            RunRecord.Cell(number: $0.1, source: $0.0, output: "", valueDigest: nil, duration: 0, succeeded: true)
        }
        #expect(RunDiff.scriptText(of: session) == "x = 1\n:reset\nfor i in [1]:\n    print(i)\n")
    }

    @Test func everyEnvironmentFieldAndTheGitStateAreCompared() throws {
        let old = try Self.run(1)
        var new = try Self.run(2)
        new.environment.cpuModel = "Intel Xeon"
        new.environment.cpuFeatures = ["avx2", "avx512f", "fma"]
        let numeric = RunExportTests.environment.replacingOccurrences(of: "\"blasKernel\":\"Haswell\"", with: "\"blasKernel\":\"SkylakeX\"")
        new.environment.numeric = try JSONDecoder().decode(RunEnvironment.self, from: Data(numeric.utf8)).numeric
        new.git = GitState(commit: String(repeating: "b", count: 40), dirty: true)
        new.seed = 7
        let diff = RunDiff(from: old, to: new)
        #expect(
            diff.environment == [
                RunDiff.Change(name: "cpu model", old: "AMD EPYC", new: "Intel Xeon"),
                RunDiff.Change(name: "cpu features", old: "avx2 fma", new: "avx2 avx512f fma"),
                RunDiff.Change(name: "blas kernel", old: "Haswell", new: "SkylakeX"),
                RunDiff.Change(name: "git commit", old: "aaaaaaaaaaaa", new: "bbbbbbbbbbbb"),
                RunDiff.Change(name: "git tree", old: "clean", new: "dirty"),
            ])
        #expect(diff.seed == [RunDiff.Change(name: "seed", old: "42", new: "7")])
    }

    @Test func everyEnvironmentFieldHasAName() throws {
        let environment = try JSONDecoder().decode(RunEnvironment.self, from: Data(RunExportTests.environment.utf8))
        let names = RunDiff.fields(of: environment).map(\.name)
        #expect(
            names == [
                "mlx version", "operating system", "kernel release", "cpu model", "cpu features", "cpu cores", "blas library",
                "blas configuration", "blas kernel", "blas threads", "forced core type",
            ])
        #expect(RunDiff.fields(of: environment).last?.value == "none")
    }

    @Test func markdownForAPullRequestComment() throws {
        let old = Events(parameters: [("c", .number(1))], metrics: [("accuracy", 0.9), ("n", 30)])
        let new = Events(parameters: [("c", .number(0.5))], metrics: [("accuracy", 0.95), ("n", 30)])
        let diff = RunDiff(from: try Self.run(1, source: "param c = 1\n", old), to: try Self.run(2, source: "param c = 0.5\n", new))
        #expect(
            RunDiffRenderer(timeZone: RunExportTests.utc).markdown(diff) == """
                ### Run #1 → run #2

                |  | #1 | #2 |
                | --- | --- | --- |
                | from | fit.mlx | fit.mlx |
                | status | ok | ok |
                | started | 2025-06-15 15:07:40 +00:00 | 2025-06-15 15:08:40 +00:00 |
                | id | `111111111111` | `222222222222` |

                #### Parameters

                | parameter | #1 | #2 |
                | --- | --- | --- |
                | c | 1 | 0.5 |

                #### Metrics

                | metric | #1 | #2 | change |
                | --- | --- | --- | --- |
                | accuracy | 0.9 | 0.95 | +0.05 |

                1 unchanged.

                #### Data

                No differences.

                #### Script

                ```diff
                --- #1 fit.mlx
                +++ #2 fit.mlx
                @@ -1 +1 @@
                -param c = 1
                +param c = 0.5
                ```

                #### Environment

                No differences.

                #### Seed

                No differences.

                """)
    }

    @Test func textAlignsEachSection() throws {
        let old = Events(parameters: [("c", .number(1)), ("depth", .number(3))], metrics: [("accuracy", 0.9)])
        let new = Events(parameters: [("c", .number(0.5)), ("depth", .number(4))], metrics: [("accuracy", 0.85)])
        let text = RunDiffRenderer(timeZone: RunExportTests.utc).text(RunDiff(from: try Self.run(1, old), to: try Self.run(2, new)))
        #expect(text.contains("parameters\n  c      1  →  0.5\n  depth  3  →  4\n"))
        #expect(text.contains("metrics\n  accuracy  0.9  →  0.85  -0.05\n"))
        #expect(text.hasPrefix("#1  fit.mlx  ok  2025-06-15 15:07:40 +00:00  111111111111\n#2  fit.mlx  ok  2025-06-15 15:08:40 +00:00  222222222222\n"))
    }

    @Test func jsonHasEverySectionAndNullForNaN() throws {
        let diff = RunDiff(from: try Self.run(1, Events(metrics: [("log_loss", 0.5)])), to: try Self.run(2, Events(metrics: [("log_loss", .nan)])))
        let json = RunDiffRenderer().json(diff)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["old", "new", "identical", "parameters", "unchanged_parameters", "metrics", "unchanged_metrics", "data", "script", "environment", "seed"])
        let metric = try #require((object["metrics"] as? [[String: Any]])?.first)
        #expect(metric["old"] as? Double == 0.5)
        #expect(metric["new"] is NSNull && metric["delta"] is NSNull)
        #expect(object["identical"] as? Bool == false)
        #expect((object["old"] as? [String: Any])?["number"] as? Int == 1)
    }
}
