import CKernels
import Foundation

/// The commit of the working tree a run started in, and whether tracked files
/// had uncommitted changes.
public struct GitState: Codable, Equatable, Sendable {
    public var commit: String
    public var dirty: Bool

    public init(commit: String, dirty: Bool) {
        self.commit = commit
        self.dirty = dirty
    }

    /// Finds the state of the repository `directory` is in on a background
    /// thread, so a run does not wait for it: the commit from `.git` itself, the
    /// dirty flag without git where the index can tell, else from `git status`;
    /// `value()` blocks until the answer is in (nil outside a repository).
    public final class Probe: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: GitState?

        /// Whether the last answer came without starting git (for tests).
        private(set) var answeredWithoutGit = false

        /// A probe of the repository `directory` is in. With `statusRecord`, a
        /// file where what git last said is kept (`StatusRecord`): while HEAD, the
        /// index file and every tracked file's stat data are as they were then, the
        /// answer stands, clean or dirty; while HEAD and the index file are, whether
        /// changes are staged stands, and the tracked files are checked against
        /// their index entries, their bytes compared where their stat data do not
        /// show them unchanged (`GitIndexCheck`). Git costs a process and a few
        /// milliseconds of CPU, and an edited file used to send every run to it.
        /// Files changed in the last `settledFor` seconds keep their stat data from
        /// being kept. With `inBackground` false, the probe runs before `init` returns.
        public init(directory: String, statusRecord: String? = nil, settledFor: Double = 2, inBackground: Bool = true) {
            let work: @Sendable () -> Void = { [self] in
                defer { done.signal() }
                guard let located = Self.location(containing: directory), let commit = Self.headCommit(inRepository: located.gitDirectory) else { return }
                let scan = GitIndexCheck.scan(gitDirectory: located.gitDirectory, worktree: located.worktree, settledFor: settledFor)
                let kept = statusRecord.flatMap(readFile).flatMap(StatusRecord.init(parsing:)).flatMap {
                    $0.gitDirectory == located.gitDirectory && $0.commit == commit ? $0 : nil
                }
                if let scan, let kept, let dirty = Self.answer(scan, kept, located) {
                    answeredWithoutGit = true
                    result = GitState(commit: commit, dirty: dirty)
                    if let statusRecord, scan.settled, kept.signature != scan.signature || kept.dirty != dirty {
                        var updated = kept
                        (updated.signature, updated.dirty) = (scan.signature, dirty)
                        keepWhole(updated.text, at: statusRecord)
                    }
                    return
                }
                // Untracked files (the run store itself, outputs) do not make a tree dirty.
                // No optional locks: a status running behind the user's back must not
                // take the index lock their own git command may be waiting for.
                let changes = Self.git(["--no-optional-locks", "status", "--porcelain", "--untracked-files=no"], in: directory)
                result = GitState(commit: commit, dirty: !(changes ?? "").isEmpty)
                // The stat data and the index were read before git ran: a change since then changes
                // them. HEAD was too, and a HEAD that moved meanwhile (a soft reset) would file git's
                // answer under the wrong commit, as would an index rewritten meanwhile.
                if let changes, let scan, let statusRecord, Self.headCommit(inRepository: located.gitDirectory) == commit,
                    GitIndexCheck.indexIdentity(gitDirectory: located.gitDirectory) == scan.indexIdentity
                {
                    let record = StatusRecord(
                        gitDirectory: located.gitDirectory, commit: commit, signature: scan.settled ? scan.signature : "unsettled",
                        dirty: !changes.isEmpty, indexIdentity: scan.indexIdentity, staged: Self.hasStagedChanges(changes))
                    keepWhole(record.text, at: statusRecord)
                }
            }
            if !inBackground || !detachThread(work) { work() }
        }

        /// The dirty flag from what git said before, if it still holds: the same
        /// stat data, or the same index and a content check that can tell.
        private static func answer(_ scan: GitIndexCheck.Scan, _ kept: StatusRecord, _ located: (gitDirectory: String, worktree: String)) -> Bool? {
            if scan.settled, kept.signature == scan.signature { return kept.dirty }
            guard kept.indexIdentity == scan.indexIdentity,
                let differs = GitIndexCheck.worktreeDiffers(from: scan, gitDirectory: located.gitDirectory, worktree: located.worktree)
            else { return nil }
            return kept.staged || differs
        }

        /// Whether `git status --porcelain` lists a change between HEAD and the index
        /// (its first column: a staged change or a conflict).
        static func hasStagedChanges(_ porcelain: String) -> Bool {
            porcelain.split(separator: "\n").contains { line in line.first.map { $0 != " " && $0 != "?" } ?? false }
        }

        public func value() -> GitState? {
            done.wait()
            done.signal()
            return result
        }

        /// The commit HEAD points at, read from the repository's files: one
        /// process fewer on every run than asking git.
        static func headCommit(from directory: String) -> String? {
            repository(containing: directory).flatMap(headCommit(inRepository:))
        }

        /// The commit HEAD points at in the `.git` folder `gitDirectory`.
        static func headCommit(inRepository gitDirectory: String) -> String? {
            guard let head = readFile(gitDirectory + "/HEAD").map(trimmedText) else { return nil }
            guard head.hasPrefix("ref: ") else { return isCommit(head) ? head : nil }
            let ref = String(head.dropFirst(5))
            // A linked worktree keeps its HEAD; branches live in the common folder.
            let common = readFile(gitDirectory + "/commondir").map(trimmedText).map { PlainPaths.resolve($0, from: gitDirectory) }
            for folder in [gitDirectory] + (common.map { [$0] } ?? []) {
                if let commit = commit(of: ref, in: folder) { return commit }
            }
            return nil
        }

        /// `ref` as a loose file, else from `packed-refs`.
        private static func commit(of ref: String, in folder: String) -> String? {
            if let loose = readFile(folder + "/" + ref).map(trimmedText), isCommit(loose) { return loose }
            let packed = readFile(folder + "/packed-refs") ?? []
            // "<commit> <ref>" lines: 40 hex digits, or 64 in a SHA-256 repository.
            for line in packed.split(separator: UInt8(ascii: "\n")) {
                guard let space = line.firstIndex(of: UInt8(ascii: " ")), line[line.index(after: space)...].elementsEqual(ref.utf8) else { continue }
                let commit = String(decoding: line[..<space], as: UTF8.self)
                if isCommit(commit) { return commit }
            }
            return nil
        }

        /// The `.git` folder of the repository `directory` is in (a `.git` file
        /// of a worktree or submodule points elsewhere with `gitdir:`).
        static func repository(containing directory: String) -> String? {
            location(containing: directory)?.gitDirectory
        }

        /// The `.git` folder of the repository `directory` is in and the top of its working tree.
        static func location(containing directory: String) -> (gitDirectory: String, worktree: String)? {
            for folder in PlainPaths.upward(from: PlainPaths.resolve(directory, from: PlainPaths.currentDirectory())) {
                let candidate = PlainPaths.entry(".git", in: folder)
                var info = stat()
                guard stat(candidate, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR { return (candidate, folder) }
                guard let text = readFile(candidate).map(trimmedText), text.hasPrefix("gitdir: ") else { return nil }
                return (PlainPaths.resolve(trimmedText(Array(text.utf8.dropFirst(8))), from: folder), folder)
            }
            return nil
        }

        /// `bytes` as text without the ASCII blanks and line ends around it.
        static func trimmedText(_ bytes: [UInt8]) -> String {
            let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
            let start = bytes.firstIndex { !isBlank($0) } ?? bytes.endIndex
            let end = bytes.lastIndex { !isBlank($0) }.map { $0 + 1 } ?? start
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }

        static func isCommit(_ text: String) -> Bool {
            (text.utf8.count == 40 || text.utf8.count == 64) && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) }
        }

        /// The standard output of `git -C directory arguments`, nil if it fails.
        /// Through posix_spawn: Foundation's Process took about 50 ms on Linux
        /// to start and reap git, and every recorded run waits for this answer.
        private static func git(_ arguments: [String], in directory: String) -> String? {
            var pipe: [Int32] = [-1, -1]
            // Close-on-exec from the start: git inherits only the write end, as its standard
            // output, and a process another thread starts meanwhile neither end (holding the
            // write end, it would keep the read below waiting until it exits).
            guard mlx_pipe_close_on_exec(&pipe) == 0 else { return nil }
            defer { close(pipe[0]) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, pipe[1], STDOUT_FILENO)
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
            let argv = (["git", "-C", directory] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid = pid_t()
            let spawned = posix_spawnp(&pid, "git", &actions, nil, argv, environ) == 0
            close(pipe[1])
            guard spawned else { return nil }
            let output = readToEnd(pipe[0])
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return status == 0 ? String(decoding: output, as: UTF8.self) : nil
        }
    }
}

/// What `GitState.Probe` keeps of git's last answer for a repository: the
/// answer under the commit and the tree's stat digest it was given for, and
/// whether changes were staged, under the index file it was given for.
struct StatusRecord: Equatable {
    static let header = "mlx git status 2"

    var gitDirectory: String
    var commit: String
    /// `GitIndexCheck.Scan.signature` when the files had settled, else a word no digest equals.
    var signature: String
    var dirty: Bool
    var indexIdentity: String
    /// Whether the index differed from HEAD.
    var staged: Bool

    var text: String {
        [Self.header, gitDirectory, commit, signature, dirty ? "dirty" : "clean", indexIdentity, staged ? "staged" : "unstaged"].joined(separator: "\n") + "\n"
    }
}

extension StatusRecord {
    /// The record in `bytes`, nil for anything else (an older format, a torn write).
    init?(parsing bytes: [UInt8]) {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard lines.count == 8, lines[0] == Self.header, lines[7].isEmpty, ["dirty", "clean"].contains(lines[4]), ["staged", "unstaged"].contains(lines[6])
        else { return nil }
        self.init(gitDirectory: lines[1], commit: lines[2], signature: lines[3], dirty: lines[4] == "dirty", indexIdentity: lines[5], staged: lines[6] == "staged")
    }
}
