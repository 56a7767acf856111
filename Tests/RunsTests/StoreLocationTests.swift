import Foundation
import Testing

@testable import Runs

/// Where the run store is: --store, else MLX_STORE, else the nearest .mlx up from here.
@Suite struct StoreLocationTests {
    private func temporaryFolder() throws -> String {
        let path = PlainPaths.resolve("mlx-location-\(UUID().uuidString)", from: NSTemporaryDirectory())
        try FileManager.default.createDirectory(atPath: path + "/a/b/c", withIntermediateDirectories: true)
        return path
    }

    @Test func anOptionWinsOverTheEnvironmentAndIsResolvedFromTheWorkingDirectory() {
        #expect(StoreLocation.resolve(option: "../s", environmentValue: "/e", workingDirectory: "/w/x") == "/w/s")
        #expect(StoreLocation.resolve(option: "/abs//s/", environmentValue: "/e", workingDirectory: "/w") == "/abs/s")
        #expect(StoreLocation.resolve(option: nil, environmentValue: "./e", workingDirectory: "/w") == "/w/e")
        #expect(StoreLocation.resolve(option: "", environmentValue: "/e", workingDirectory: "/w") == "/e", "an empty option is no option")
    }

    @Test func theNearestStoreUpFromTheWorkingDirectoryIsFound() throws {
        let top = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: top) }
        try FileManager.default.createDirectory(atPath: top + "/a/.mlx", withIntermediateDirectories: true)
        #expect(StoreLocation.resolve(option: nil, environmentValue: nil, workingDirectory: top + "/a/b/c") == top + "/a/.mlx")
        #expect(StoreLocation.resolve(option: nil, environmentValue: "", workingDirectory: top + "/a/./b/../b") == top + "/a/.mlx")
        try FileManager.default.createDirectory(atPath: top + "/a/b/.mlx", withIntermediateDirectories: true)
        #expect(StoreLocation.found(from: top + "/a/b/c") == top + "/a/b/.mlx", "the nearest one")
        // A file named .mlx is not a store.
        try Data().write(to: URL(fileURLWithPath: top + "/a/b/c/.mlx"))
        #expect(StoreLocation.found(from: top + "/a/b/c") == top + "/a/b/.mlx")
    }

    @Test func withoutAStoreAboveANewOneIsMadeHere() throws {
        let top = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: top) }
        // Unless a folder above the temporary one already has a store.
        guard StoreLocation.found(from: top) == nil else { return }
        #expect(StoreLocation.resolve(option: nil, environmentValue: nil, workingDirectory: top + "/a") == top + "/a/.mlx")
    }

    @Test func foldersUpwardEndAtTheRoot() {
        #expect(PlainPaths.upward(from: "/a/b") == ["/a/b", "/a", "/"])
        #expect(PlainPaths.upward(from: "/") == ["/"])
        #expect(PlainPaths.entry(".mlx", in: "/") == "/.mlx" && PlainPaths.entry(".mlx", in: "/a") == "/a/.mlx")
    }

    @Test func theWorkingDirectoryIsTheProcesssOwn() {
        #expect(PlainPaths.currentDirectory() == FileManager.default.currentDirectoryPath)
    }
}
