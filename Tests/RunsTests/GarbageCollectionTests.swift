import Foundation
import Tables
import Testing

@testable import Runs

/// `mlx gc`: what no run refers to goes, what a run refers to stays, and
/// nothing a live run may still commit a reference to is touched.
@Suite struct GarbageCollectionTests {
    /// Sets a file's modification time `seconds` into the past.
    static func age(_ path: String, by seconds: Double) {
        let past = Date().addingTimeInterval(-seconds).timeIntervalSince1970
        var times = [timeval](repeating: timeval(tv_sec: Int(past), tv_usec: 0), count: 2)
        utimes(path, &times)
    }

    /// A finished run that loaded a small file, so that the store keeps a snapshot of it.
    static func runWithSnapshot(in store: RunStore) throws -> String {
        let data = Data("a,b\n1,2\n".utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-gc-\(UUID().uuidString).csv").path
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fingerprint = Fingerprint(sha256: ContentDigest.sha256(data), byteCount: data.count, rowCount: 1, schema: [])
        let recorder = RunRecorder(store: store, start: RunStoreTests.start())
        recorder.beginCell()
        recorder.emit(.dataLoaded(path: path, fingerprint: fingerprint))
        recorder.endCell(number: 1, source: "d = load \"x.csv\"", succeeded: true, valueDigest: nil)
        recorder.finish(status: .ok, exitCode: 0)
        return try #require(recorder.record.inputs.first?.snapshot)
    }

    @Test func unreferencedObjectsGoAndReferencedOnesStay() throws {
        let store = try RunStoreTests.temporaryStore()
        let snapshot = try Self.runWithSnapshot(in: store)
        let orphan = try store.objects.put(Data("a model whose run was killed before it committed".utf8))
        for name in [snapshot, orphan] { Self.age(store.objects.path(of: name), by: 60) }

        let dry = try store.collectGarbage(dryRun: true)
        #expect(dry.objects.map(\.name) == [orphan] && dry.referenced == 1)
        #expect(store.objects.contains(orphan), "a dry run removes nothing")

        let report = try store.collectGarbage(dryRun: false)
        #expect(report.objects.map(\.name) == [orphan])
        #expect(report.bytesFreed == 48)
        #expect(!store.objects.contains(orphan) && store.objects.contains(snapshot))
        #expect(try store.collectGarbage(dryRun: false).objects.isEmpty)
    }

    @Test func objectsWrittenSinceALiveRunStartedAreKept() throws {
        let store = try RunStoreTests.temporaryStore()
        let old = try store.objects.put(Data("written long before".utf8))
        Self.age(store.objects.path(of: old), by: 600)
        let live = RunRecorder(store: store, start: RunStoreTests.start())
        live.beginCell()  // the run's journal is held
        #expect(live.number != nil)  // and its row, written in the background, says running
        let pending = try store.objects.put(Data("a model whose reference is not committed yet".utf8))

        let report = try store.collectGarbage(dryRun: false)
        #expect(report.objects.map(\.name) == [old])
        #expect(report.keptForLiveRuns == 1 && report.oldestLiveRun == RunStore.GarbageReport.LiveRun(number: live.number, script: "a.mlx"))
        #expect(store.objects.contains(pending))
        live.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: nil)
        live.finish(status: .ok, exitCode: 0)
    }

    @Test func reusingAnObjectMakesItNewAgain() throws {
        let store = try RunStoreTests.temporaryStore()
        let data = Data("stored twice".utf8)
        let name = try store.objects.put(data)
        Self.age(store.objects.path(of: name), by: 600)
        let live = RunRecorder(store: store, start: RunStoreTests.start())
        live.beginCell()
        #expect(try store.objects.put(data) == name)
        #expect(try store.collectGarbage(dryRun: false).keptForLiveRuns == 1)
        live.finish(status: .ok, exitCode: 0)
    }

    @Test func onlyOldTemporaryFilesAreRemoved() throws {
        let store = try RunStoreTests.temporaryStore()
        let folder = store.objects.directory + "/ab"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let (stale, fresh) = (folder + "/.tmp-1-stale", folder + "/.tmp-2-fresh")
        for path in [stale, fresh] { try Data("half an object".utf8).write(to: URL(fileURLWithPath: path)) }
        Self.age(stale, by: 2 * RunStore.temporaryAge)

        let report = try store.collectGarbage(dryRun: false)
        #expect(report.temporaries == [RunStore.GarbageReport.Removal(name: stale, size: 14)])
        #expect(!FileManager.default.fileExists(atPath: stale) && FileManager.default.fileExists(atPath: fresh))
    }
}
