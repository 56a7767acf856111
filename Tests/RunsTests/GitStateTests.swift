import Foundation
import Testing

@testable import Runs

/// The commit and dirty flag read for a run match what git itself says.
@Suite struct GitStateTests {
    static func git(_ arguments: [String], in directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory, "-c", "user.name=t", "-c", "user.email=t@example.com"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func commitAndDirtyFlagFollowTheRepository() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        _ = try Self.git(["init", "-q", "-b", "main"], in: directory)
        try "a\n".write(toFile: directory + "/a.txt", atomically: true, encoding: .utf8)
        _ = try Self.git(["add", "a.txt"], in: directory)
        _ = try Self.git(["commit", "-q", "-m", "one"], in: directory)
        let head = try Self.git(["rev-parse", "HEAD"], in: directory)
        #expect(GitState.Probe(directory: directory + "/sub").value() == GitState(commit: head, dirty: false))

        // Untracked files do not count; a changed tracked file does.
        try "u\n".write(toFile: directory + "/untracked.txt", atomically: true, encoding: .utf8)
        #expect(GitState.Probe(directory: directory).value()?.dirty == false)
        try "b\n".write(toFile: directory + "/a.txt", atomically: true, encoding: .utf8)
        #expect(GitState.Probe(directory: directory).value() == GitState(commit: head, dirty: true))

        // Branches packed into packed-refs, and a detached HEAD.
        _ = try Self.git(["pack-refs", "--all"], in: directory)
        #expect(GitState.Probe.headCommit(from: directory) == head)
        _ = try Self.git(["checkout", "-q", "--detach"], in: directory)
        #expect(GitState.Probe.headCommit(from: directory) == head)
    }

    @Test func aLinkedWorktreeFindsItsBranchInTheCommonFolder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try Self.git(["init", "-q", "-b", "main"], in: directory)
        _ = try Self.git(["commit", "-q", "--allow-empty", "-m", "one"], in: directory)
        _ = try Self.git(["worktree", "add", "-q", "-b", "side", directory + "-side"], in: directory)
        #expect(GitState.Probe.headCommit(from: directory + "-side") == (try Self.git(["rev-parse", "HEAD"], in: directory + "-side")))
    }

    @Test func outsideARepositoryThereIsNoState() {
        #expect(GitState.Probe(directory: "/").value() == nil)
    }
}
