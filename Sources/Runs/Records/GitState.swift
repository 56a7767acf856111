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
    /// dirty flag from `git status` or from its last answer while nothing
    /// changed since; `value()` blocks until the answer is in (nil outside a repository).
    public final class Probe: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: GitState?

        /// Whether the last answer came from `statusRecord` rather than from git (for tests).
        private(set) var answeredWithoutGit = false

        /// A probe of the repository `directory` is in. With `statusRecord`, a
        /// file where git's last answer is kept: while HEAD, the index file and
        /// every tracked file's stat data are as they were then, the tracked
        /// files hold the same bytes, so the answer stands, clean or dirty, and
        /// git is not started (it costs a process and a few milliseconds of CPU
        /// on every run). Files changed in the last `settledFor` seconds are left
        /// to git (`GitIndexCheck`).
        /// With `inBackground` false, the probe runs before `init` returns.
        public init(directory: String, statusRecord: String? = nil, settledFor: Double = 2, inBackground: Bool = true) {
            let work: @Sendable () -> Void = { [self] in
                defer { done.signal() }
                guard let located = Self.location(containing: directory), let commit = Self.headCommit(inRepository: located.gitDirectory) else { return }
                let index = GitIndexCheck.treeSignature(gitDirectory: located.gitDirectory, worktree: located.worktree, settledFor: settledFor)
                let key = [located.gitDirectory, commit, index ?? ""].joined(separator: "\n") + "\n"
                if let statusRecord, index != nil, let kept = readFile(statusRecord), kept.starts(with: key.utf8) {
                    let answer = kept.dropFirst(key.utf8.count)
                    if answer.elementsEqual("clean\n".utf8) || answer.elementsEqual("dirty\n".utf8) {
                        answeredWithoutGit = true
                        result = GitState(commit: commit, dirty: answer.first == UInt8(ascii: "d"))
                        return
                    }
                }
                // Untracked files (the run store itself, outputs) do not make a tree dirty.
                // No optional locks: a status running behind the user's back must not
                // take the index lock their own git command may be waiting for.
                let changes = Self.git(["--no-optional-locks", "status", "--porcelain", "--untracked-files=no"], in: directory)
                result = GitState(commit: commit, dirty: !(changes ?? "").isEmpty)
                // The stat data were read before git ran: a file changed since then changes them.
                if let changes, index != nil, let statusRecord { keepWhole(key + (changes.isEmpty ? "clean\n" : "dirty\n"), at: statusRecord) }
            }
            if !inBackground || !detachThread(work) { work() }
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
