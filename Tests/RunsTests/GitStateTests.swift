import Foundation
import Numerics
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

    /// A new repository with a.txt, sub/b.txt and "sub/c d.txt" added to its index, not committed.
    private static func repositoryWithThreeFiles() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        _ = try git(["init", "-q", "-b", "main"], in: directory)
        for name in ["a.txt", "sub/b.txt", "sub/c d.txt"] { try "\(name)\n".write(toFile: directory + "/" + name, atomically: true, encoding: .utf8) }
        _ = try git(["add", "."], in: directory)
        return directory
    }

    /// Git is asked when nothing it said before still holds: no record yet, another
    /// HEAD, another index, a file this reader cannot vouch for. Otherwise the
    /// answer comes without git: from the kept answer while every file's stat data
    /// are as they were, else from the index, with the bytes of each file whose
    /// stat data changed compared with the blob its entry names.
    @Test func gitIsAskedOnlyWhenTheIndexCannotTell() throws {
        let directory = try Self.repositoryWithThreeFiles()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try Self.git(["commit", "-q", "-m", "one"], in: directory)
        let record = directory + "/git-status"
        func probe(settledFor: Double = 0.2) -> (state: GitState?, withoutGit: Bool) {
            let probe = GitState.Probe(directory: directory + "/sub", statusRecord: record, settledFor: settledFor)
            return (probe.value(), probe.answeredWithoutGit)
        }
        func settle() { usleep(300_000) }
        var head = try Self.git(["rev-parse", "HEAD"], in: directory)
        // The first answer is git's; files that had not settled keep their stat data from being kept.
        #expect(probe(settledFor: 600) == (GitState(commit: head, dirty: false), false))
        #expect(probe(settledFor: 600) == (GitState(commit: head, dirty: false), true))
        #expect(!(try String(contentsOfFile: record, encoding: .utf8)).contains(try #require(GitIndexCheck.scan(gitDirectory: directory + "/.git", worktree: directory)?.signature)))
        settle()
        #expect(probe() == (GitState(commit: head, dirty: false), true))
        #expect(probe() == (GitState(commit: head, dirty: false), true))

        // Same size, new content, just written: its bytes are compared, without git.
        try "A.txt\n".write(toFile: directory + "/a.txt", atomically: false, encoding: .utf8)
        #expect(probe() == (GitState(commit: head, dirty: true), true))
        settle()
        #expect(probe() == (GitState(commit: head, dirty: true), true))
        // Back to the committed bytes, or only touched: clean.
        try "a.txt\n".write(toFile: directory + "/a.txt", atomically: false, encoding: .utf8)
        #expect(probe() == (GitState(commit: head, dirty: false), true))
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, directory + "/a.txt", &times, 0) == 0)
        #expect(probe() == (GitState(commit: head, dirty: false), true))
        // The executable bit counts, as it does for git.
        #expect(chmod(directory + "/a.txt", 0o755) == 0)
        #expect(probe() == (GitState(commit: head, dirty: true), true))
        #expect(chmod(directory + "/a.txt", 0o644) == 0)
        #expect(probe() == (GitState(commit: head, dirty: false), true))

        // A staged change rewrites the index: git says what is staged. A new commit moves HEAD.
        try "staged\n".write(toFile: directory + "/sub/b.txt", atomically: true, encoding: .utf8)
        _ = try Self.git(["add", "sub/b.txt"], in: directory)
        try "sub/b.txt\n".write(toFile: directory + "/sub/b.txt", atomically: true, encoding: .utf8)
        #expect(probe() == (GitState(commit: head, dirty: true), false))
        // Staged, and the file back to what is staged: still dirty, now known without git.
        try "staged\n".write(toFile: directory + "/sub/b.txt", atomically: true, encoding: .utf8)
        #expect(probe() == (GitState(commit: head, dirty: true), true))
        _ = try Self.git(["commit", "-q", "-m", "two"], in: directory)
        head = try Self.git(["rev-parse", "HEAD"], in: directory)
        #expect(probe() == (GitState(commit: head, dirty: false), false))
        #expect(probe() == (GitState(commit: head, dirty: false), true))
        try FileManager.default.removeItem(atPath: directory + "/sub/c d.txt")
        #expect(probe() == (GitState(commit: head, dirty: true), false))

        // The index in format version 4 (paths prefix-compressed) is read too.
        _ = try Self.git(["checkout", "-q", "--", "."], in: directory)
        _ = try Self.git(["update-index", "--index-version", "4"], in: directory)
        #expect(probe() == (GitState(commit: head, dirty: false), false))
        try "A.txt\n".write(toFile: directory + "/a.txt", atomically: false, encoding: .utf8)
        #expect(probe() == (GitState(commit: head, dirty: true), true))
        try "a.txt\n".write(toFile: directory + "/a.txt", atomically: false, encoding: .utf8)
        #expect(probe() == (GitState(commit: head, dirty: false), true))

        // A setting that converts line ends leaves a changed file to git; so does an attributes file.
        _ = try Self.git(["config", "core.autocrlf", "input"], in: directory)
        try "a.txt\r\n".write(toFile: directory + "/a.txt", atomically: false, encoding: .utf8)
        #expect(probe() == (GitState(commit: head, dirty: true), false))
        _ = try Self.git(["config", "--unset", "core.autocrlf"], in: directory)
        #expect(probe() == (GitState(commit: head, dirty: true), true))
        try "a.txt\n".write(toFile: directory + "/a.txt", atomically: false, encoding: .utf8)
        #expect(probe() == (GitState(commit: head, dirty: false), true))
        // A filter defined but assigned by no attributes (as `git lfs install` leaves one) changes nothing.
        _ = try Self.git(["config", "filter.lfs.clean", "git-lfs clean -- %f"], in: directory)
        try "A.txt\n".write(toFile: directory + "/a.txt", atomically: false, encoding: .utf8)
        #expect(probe() == (GitState(commit: head, dirty: true), true))
        try "a.txt\n".write(toFile: directory + "/a.txt", atomically: false, encoding: .utf8)
        #expect(probe() == (GitState(commit: head, dirty: false), true))
        try "*.txt text eol=crlf\n".write(toFile: directory + "/sub/.gitattributes", atomically: true, encoding: .utf8)
        try "sub/b.txt\n".write(toFile: directory + "/sub/b.txt", atomically: false, encoding: .utf8)
        #expect(probe().withoutGit == false)
    }

    /// Cases where git answers from its settings or its index without reading a file's bytes, or
    /// reads them through attributes: the answer must still be git's.
    @Test func gitsOwnShortcutsAreFollowed() throws {
        func repository(_ content: String = "x\n", configure: [[String]] = []) throws -> String {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-git-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            _ = try Self.git(["init", "-q", "-b", "main"], in: directory)
            for setting in configure { _ = try Self.git(["config"] + setting, in: directory) }
            try content.write(toFile: directory + "/f", atomically: true, encoding: .utf8)
            _ = try Self.git(["add", "f"], in: directory)
            _ = try Self.git(["commit", "-q", "-m", "one"], in: directory)
            return directory
        }
        /// The probe's answer, git's, and whether the probe started git.
        func answers(_ directory: String, settledFor: Double = 0) throws -> (probe: Bool?, git: Bool, withoutGit: Bool) {
            let probe = GitState.Probe(directory: directory, statusRecord: directory + "/.git/mlx-status", settledFor: settledFor)
            let git = try Self.git(["--no-optional-locks", "status", "--porcelain", "--untracked-files=no"], in: directory)
            return (probe.value()?.dirty, !git.isEmpty, probe.answeredWithoutGit)
        }

        // core.trustctime off: git trusts the times and size it recorded, so a same-size rewrite
        // with the old modification time is clean to git; that is left to git.
        let trusting = try repository(configure: [["core.trustctime", "false"]])
        _ = try answers(trusting)
        var info = stat()
        #expect(stat(trusting + "/f", &info) == 0)
        try "y\n".write(toFile: trusting + "/f", atomically: false, encoding: .utf8)
        var times = [info.st_atim, info.st_mtim]
        #expect(utimensat(AT_FDCWD, trusting + "/f", &times, 0) == 0)
        let trusted = try answers(trusting)
        #expect(trusted.probe == trusted.git && !trusted.withoutGit)

        // A size other than the one recorded is a change to git, whatever the bytes hash to: here
        // recorded under autocrlf (3 bytes) and now the blob's own 2 bytes, with autocrlf gone.
        let converted = try repository("a\r\n", configure: [["core.autocrlf", "true"]])
        _ = try answers(converted)
        _ = try Self.git(["config", "--unset", "core.autocrlf"], in: converted)
        _ = try answers(converted)
        try "a\n".write(toFile: converted + "/f", atomically: false, encoding: .utf8)
        let resized = try answers(converted)
        #expect(resized.probe == true && resized.git == true)

        // core.fileMode false in the forms git also reads as false: the executable bit is git's to judge.
        for form in ["filemode =", "filemode = fa\"l\"se", "filemode = \\\n\tfalse"] {
            let directory = try repository()
            _ = try Self.git(["config", "--unset", "core.filemode"], in: directory)
            let handle = try #require(FileHandle(forWritingAtPath: directory + "/.git/config"))
            handle.seekToEndOfFile()
            handle.write(Data("[core]\n\t\(form)\n".utf8))
            handle.closeFile()
            _ = try answers(directory)
            #expect(chmod(directory + "/f", 0o755) == 0)
            let result = try answers(directory)
            #expect(result.probe == result.git, "\(form)")
        }

        // An untracked .gitattributes that turns on a conversion for a file whose stat data changed:
        // the answer kept for that file no longer stands.
        let identified = try repository("$Id: old $\n")
        var touched = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, identified + "/f", &touched, 0) == 0)
        usleep(300_000)
        #expect(try answers(identified, settledFor: 0.2).probe == false)
        #expect(try answers(identified, settledFor: 0.2).withoutGit)
        try "f ident\n".write(toFile: identified + "/.gitattributes", atomically: true, encoding: .utf8)
        let attributed = try answers(identified, settledFor: 0.2)
        #expect(attributed.probe == attributed.git && attributed.git && !attributed.withoutGit)
    }

    @Test func blobIDsAreGits() {
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(GitIndexCheck.blobID([])) == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
        #expect(hex(GitIndexCheck.blobID(Array("hello\n".utf8))) == "ce013625030ba8dba906f756967f9e9ca394464a")
    }

    /// Random edits, touches, mode changes, stages, commits and restores: after each,
    /// the answer (with git or without) is git's own.
    @Test func theAnswerIsGitsAfterRandomChanges() throws {
        let directory = try Self.repositoryWithThreeFiles()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try Self.git(["commit", "-q", "-m", "one"], in: directory)
        let files = ["a.txt", "sub/b.txt", "sub/c d.txt"]
        try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: "a.txt")
        _ = try Self.git(["add", "link"], in: directory)
        _ = try Self.git(["commit", "-q", "-m", "link"], in: directory)
        var generator = RandomGenerator(seed: 11)
        func pick(_ count: Int) -> Int { Int(generator.next() % UInt64(count)) }
        var withoutGit = 0
        for step in 0..<80 {
            let file = files[pick(files.count)]
            let path = directory + "/" + file
            switch pick(9) {
            case 0: try "\(file)\n".write(toFile: path, atomically: pick(2) == 0, encoding: .utf8)
            case 1: try "\(file.uppercased())\n".write(toFile: path, atomically: false, encoding: .utf8)
            case 2: try "longer \(step)\n".write(toFile: path, atomically: true, encoding: .utf8)
            case 3:
                var times = [timespec(tv_sec: 1_000_000 + pick(3), tv_nsec: 0), timespec(tv_sec: 1_000_000 + pick(3), tv_nsec: 0)]
                _ = utimensat(AT_FDCWD, path, &times, 0)
            case 4: _ = chmod(path, pick(2) == 0 ? 0o755 : 0o644)
            case 5: _ = try Self.git(["add", file], in: directory)
            case 6: _ = try Self.git(["reset", "-q", "--", file], in: directory)
            case 7: _ = try Self.git(["commit", "-q", "-a", "-m", "step \(step)"], in: directory)
            default:
                try FileManager.default.removeItem(atPath: directory + "/link")
                try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: pick(2) == 0 ? "a.txt" : "sub/b.txt")
            }
            // Without optional locks, as the probe runs it: a plain status rewrites the index, and git would be asked every time.
            let git = try Self.git(["--no-optional-locks", "status", "--porcelain", "--untracked-files=no"], in: directory)
            let probe = GitState.Probe(directory: directory, statusRecord: directory + "/.git/mlx-status", settledFor: pick(2) == 0 ? 0 : 600)
            #expect(probe.value()?.dirty == !git.isEmpty, "step \(step): git says \(git.debugDescription)")
            if probe.answeredWithoutGit { withoutGit += 1 }
        }
        #expect(withoutGit > 20)
    }

    /// A damaged index (cut anywhere, or bytes flipped) is refused or read, never a crash,
    /// and a refused one leaves the answer to git.
    /// Files are looked up in their folders, each opened once while the index
    /// is walked in order: every tracked file counts, however deep and
    /// however the order goes in and out of folders.
    @Test func everyTrackedFileInEveryFolderIsInTheSignature() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-git-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = ["a.txt", "a/b.txt", "a/b/c.txt", "a/b/d/e.txt", "a/z.txt", "a0/f.txt", "a.b/g.txt", "b.txt", "c/d/e/f/g.txt"]
        for file in files {
            let path = directory + "/" + file
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "\(file)\n".write(toFile: path, atomically: true, encoding: .utf8)
        }
        _ = try Self.git(["init", "-q", "-b", "main"], in: directory)
        _ = try Self.git(["add", "."], in: directory)
        let gitDirectory = directory + "/.git"
        func signature() -> String? { GitIndexCheck.scan(gitDirectory: gitDirectory, worktree: directory, settledFor: 0)?.signature }
        var previous = try #require(signature())
        #expect(signature() == previous)
        for (i, file) in files.enumerated() {
            var times = [timespec(tv_sec: 1_000_000 + i, tv_nsec: 0), timespec(tv_sec: 1_000_000 + i, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, directory + "/" + file, &times, 0) == 0)
            let now = try #require(signature(), "after touching \(file)")
            #expect(now != previous, "touching \(file) changes it")
            previous = now
        }
        // A folder on the way replaced by a link to a copy, or a file gone: git is asked.
        try FileManager.default.moveItem(atPath: directory + "/a/b/d", toPath: directory + "/d-copy")
        try FileManager.default.createSymbolicLink(atPath: directory + "/a/b/d", withDestinationPath: directory + "/d-copy")
        #expect(signature() == nil)
        try FileManager.default.removeItem(atPath: directory + "/a/b/d")
        try FileManager.default.moveItem(atPath: directory + "/d-copy", toPath: directory + "/a/b/d")
        #expect(signature() != nil)
        try FileManager.default.removeItem(atPath: directory + "/c/d/e/f/g.txt")
        #expect(signature() == nil)
    }

    @Test func aDamagedIndexIsRefusedWithoutCrashing() throws {
        let directory = try Self.repositoryWithThreeFiles()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let index = try Data(contentsOf: URL(fileURLWithPath: directory + "/.git/index"))
        let copy = directory + "/copy"
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        func check(_ bytes: Data) throws {
            try bytes.write(to: URL(fileURLWithPath: copy + "/index"))
            _ = GitIndexCheck.scan(gitDirectory: copy, worktree: directory, settledFor: 0)
        }
        for cut in 0..<index.count { try check(index.prefix(cut)) }
        var generator = RandomGenerator(seed: 5)
        for _ in 0..<500 {
            var damaged = index
            let draw = generator.next()
            damaged[Int(draw % UInt64(damaged.count))] ^= UInt8(truncatingIfNeeded: draw >> 32) | 1
            try check(damaged)
        }
        #expect(GitIndexCheck.scan(gitDirectory: copy, worktree: directory + "/nowhere", settledFor: 0) == nil)
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

    @Test func aSHA256RepositoryWithPackedRefsHasItsCommit() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try Self.git(["init", "-q", "-b", "main", "--object-format=sha256"], in: directory)
        _ = try Self.git(["commit", "-q", "--allow-empty", "-m", "one"], in: directory)
        _ = try Self.git(["pack-refs", "--all"], in: directory)
        let head = try Self.git(["rev-parse", "HEAD"], in: directory)
        #expect(head.count == 64)
        #expect(GitState.Probe.headCommit(from: directory) == head)
    }

    @Test func theRepositoryIsFoundFromAnyFolderInIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/a/b", withIntermediateDirectories: true)
        _ = try Self.git(["init", "-q", "-b", "main"], in: directory)
        for start in [directory, directory + "/a/b", directory + "/a/b/..", directory + "//a/./b/"] {
            let found = GitState.Probe.location(containing: start)
            #expect(found?.gitDirectory == directory + "/.git" && found?.worktree == directory, "from \(start)")
        }
        #expect(PlainPaths.resolve("a/../b/./c", from: "/x/y") == "/x/y/b/c")
        #expect(PlainPaths.resolve("../../..", from: "/x") == "/")
        #expect(PlainPaths.resolve("/abs//path/", from: "/x") == "/abs/path")
        // The kernel splits at slash bytes: a slash and a combining mark are one character, two parts.
        #expect(PlainPaths.resolve("a/\u{301}/..", from: "/x") == "/x/a")
        #expect(PlainPaths.resolve("..", from: "/") == "/")
        #expect(PlainPaths.resolve("", from: "/x/é") == "/x/é")
        #expect(GitState.Probe.trimmedText(Array(" \tref: refs/heads/main\r\n".utf8)) == "ref: refs/heads/main")
        #expect(GitState.Probe.trimmedText(Array("\n\n".utf8)).isEmpty)
    }
}
