import Foundation
import Testing
@testable import Tables

@Suite struct LoadingFingerprintTests {
    /// `sha256sum`'s digest of `path`.
    private func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    private func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-load-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test(arguments: [("small.csv", 1), ("rows.csv", 2000), ("big.csv", 170_000)])
    func digestMatchesSha256sum(name: String, rows: Int) throws {
        let path = try temporaryFile(name, generatedCSV(rows: rows, seed: UInt64(rows)))
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let loaded = try TableLoader.load(path: path)
        #expect(loaded.fingerprint.sha256 == (try sha256sum(path)))
        #expect(loaded.fingerprint.byteCount == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
        #expect(loaded.fingerprint.rowCount == rows)
        #expect(loaded.fingerprint.schema.map(\.name) == ["x", "n", "late", "quoted", "flag"])
    }

    @Test func jsonLinesDigestMatchesSha256sum() throws {
        let path = try temporaryFile("t.jsonl", Array("{\"a\": 1}\n{\"a\": 2}\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let loaded = try TableLoader.load(path: path)
        #expect(loaded.fingerprint == Fingerprint(sha256: try sha256sum(path), byteCount: 18, rowCount: 2, schema: [SchemaField(name: "a", type: .integer)]))
    }

    @Test func knownDigestAndCodableRoundTrip() throws {
        let loaded = try TableLoader.load(data: Array("a\n1\n".utf8), name: "t.csv")
        // printf 'a\n1\n' | sha256sum
        #expect(loaded.fingerprint.sha256 == "309b0e45a73d3fc5325e2b6ed0a01ef8b9cde6b05a5633c1f893f970d52bfddc")
        let data = try JSONEncoder().encode(loaded.fingerprint)
        #expect(try JSONDecoder().decode(Fingerprint.self, from: data) == loaded.fingerprint)
        #expect(Fingerprint(sha256: "00000000" + String(repeating: "f", count: 56), byteCount: 0, rowCount: 0, schema: []).rowTag == 1)
    }

    @Test func shippedDatasetsLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("datasets")
        let files = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".csv") }
        for file in files {
            let loaded = try TableLoader.load(path: root.appendingPathComponent(file).path)
            #expect(loaded.table.rowCount > 0, "\(file)")
        }
    }
}
