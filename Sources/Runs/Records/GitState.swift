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

    /// Asks `git` about `directory` on a background thread, so a run does not
    /// wait for it; `value()` blocks until the answer is in (nil outside a repository or without git).
    public final class Probe: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: GitState?

        public init(directory: String) {
            Thread.detachNewThread { [self] in
                defer { done.signal() }
                guard let commit = Self.git(["rev-parse", "HEAD"], in: directory)?.trimmingCharacters(in: .whitespacesAndNewlines),
                    commit.count >= 40
                else { return }
                // Untracked files (the run store itself, outputs) do not make a tree dirty.
                let changes = Self.git(["status", "--porcelain", "--untracked-files=no"], in: directory)
                result = GitState(commit: commit, dirty: !(changes ?? "").isEmpty)
            }
        }

        public func value() -> GitState? {
            done.wait()
            done.signal()
            return result
        }

        private static func git(_ arguments: [String], in directory: String) -> String? {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", directory] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return nil }
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
