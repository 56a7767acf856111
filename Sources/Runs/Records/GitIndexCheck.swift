import Foundation

/// Tells, without starting git, that no tracked file changed since git last
/// looked: the check git itself makes before reading any file, comparing each
/// index entry's recorded stat data with the file's.
///
/// It can only vouch for the working tree against the index. Whether the
/// index matches HEAD is known from a `git status` that said clean for the
/// same commit and the same index file (`GitState.Probe` keeps that answer).
/// Anything this reader does not fully understand — another index version or
/// hash, a split or sparse index, submodules, conflicts, skipped or
/// assumed-unchanged entries, an entry from the same second as the index
/// (git would compare its content) — makes it answer nil, and git is asked.
enum GitIndexCheck {
    /// The index file's identity when every tracked file still matches its
    /// entry; nil when that cannot be told without git.
    static func unchangedIndex(gitDirectory: String, worktree: String) -> String? {
        guard usesDefaultLayout(gitDirectory) else { return nil }
        let path = gitDirectory + "/index"
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size >= 32, info.st_size < 64 << 20 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        guard bytes.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) == bytes.count else { return nil }
        var reader = IndexReader(bytes: bytes, indexTime: info.st_mtim)
        guard reader.allEntriesMatch(worktree: worktree) else { return nil }
        return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
    }

    /// SHA-1 objects and no worktree settings or extensions in the repository's configuration.
    private static func usesDefaultLayout(_ gitDirectory: String) -> Bool {
        let configuration = (try? String(contentsOfFile: gitDirectory + "/config", encoding: .utf8)) ?? ""
        let lowered = configuration.lowercased()
        return !lowered.contains("objectformat") && !lowered.contains("worktree") && !lowered.contains("sparse")
            && !FileManager.default.fileExists(atPath: gitDirectory + "/commondir")
    }

    /// A pass over the index file's entries (format versions 2 to 4).
    private struct IndexReader {
        let bytes: [UInt8]
        let indexTime: timespec
        var offset = 0

        mutating func allEntriesMatch(worktree: String) -> Bool {
            guard bytes.count >= 12, bytes[0..<4].elementsEqual("DIRC".utf8) else { return false }
            let version = word(4)
            guard (2...4).contains(version) else { return false }
            let count = Int(word(8))
            offset = 12
            var path = [UInt8]()
            for _ in 0..<count {
                guard let entry = nextEntry(version: version, previousPath: &path), entry.isPlainFile,
                    matches(entry, at: worktree + "/" + String(decoding: path, as: UTF8.self))
                else { return false }
            }
            return extensionsAreUnderstood()
        }

        /// One entry's stat data, mode and flags.
        struct Entry {
            var ctime: (UInt32, UInt32), mtime: (UInt32, UInt32)
            var inode: UInt32, mode: UInt32, uid: UInt32, gid: UInt32, size: UInt32
            var flags: UInt16, extendedFlags: UInt16

            /// A regular file or symlink at stage 0, not assumed unchanged, skipped or intent-to-add.
            var isPlainFile: Bool {
                let type = mode >> 12
                return (type == 0o10 || type == 0o12) && flags & 0xB000 == 0 && extendedFlags == 0
            }
        }

        private mutating func nextEntry(version: UInt32, previousPath: inout [UInt8]) -> Entry? {
            let start = offset
            guard start + 62 <= bytes.count else { return nil }
            var entry = Entry(
                ctime: (word(start), word(start + 4)), mtime: (word(start + 8), word(start + 12)), inode: word(start + 20),
                mode: word(start + 24), uid: word(start + 28), gid: word(start + 32), size: word(start + 36),
                flags: half(start + 60), extendedFlags: 0)
            offset = start + 62
            if entry.flags & 0x4000 != 0 {
                guard version >= 3, offset + 2 <= bytes.count else { return nil }
                entry.extendedFlags = half(offset)
                offset += 2
            }
            if version == 4 {
                guard let strip = varint(), strip <= previousPath.count else { return nil }
                previousPath.removeLast(strip)
                guard let suffix = nulTerminated() else { return nil }
                previousPath += suffix
            } else {
                guard let name = nulTerminated() else { return nil }
                previousPath = name
                // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
                offset = start + ((offset - 1 - start + 8) & ~7)
                guard offset <= bytes.count else { return nil }
            }
            return entry
        }

        /// Whether the file at `path` has the stat data git recorded, and the
        /// entry is older than the index (a racily clean entry would need its content compared).
        private func matches(_ entry: Entry, at path: String) -> Bool {
            var info = stat()
            guard lstat(path, &info) == 0 else { return false }
            let isLink = info.st_mode & S_IFMT == S_IFLNK
            guard isLink == (entry.mode >> 12 == 0o12), isLink || info.st_mode & S_IFMT == S_IFREG else { return false }
            if !isLink, (info.st_mode & 0o100 != 0) != (entry.mode & 0o100 != 0) { return false }
            // Whole seconds, as git compares them (it does not refresh the nanoseconds of an
            // entry whose seconds still match); the racy rule below makes that enough.
            let sameStat =
                entry.mtime.0 == UInt32(truncatingIfNeeded: info.st_mtim.tv_sec) && entry.ctime.0 == UInt32(truncatingIfNeeded: info.st_ctim.tv_sec)
                && entry.inode == UInt32(truncatingIfNeeded: info.st_ino) && entry.size == UInt32(truncatingIfNeeded: info.st_size)
                && entry.uid == info.st_uid && entry.gid == info.st_gid
            // A change made after the index was written has a later second than any entry older than the index.
            return sameStat && entry.mtime.0 < UInt32(truncatingIfNeeded: indexTime.tv_sec)
        }

        /// No split-index link or sparse directories among the extensions that follow the entries.
        private func extensionsAreUnderstood() -> Bool {
            var at = offset
            let end = bytes.count - 20  // the trailing SHA-1 of the file
            while at + 8 <= end {
                let signature = String(decoding: bytes[at..<at + 4], as: UTF8.self)
                if signature == "link" || signature == "sdir" { return false }
                at += 8 + Int(word(at + 4))
            }
            return at == end
        }

        private func word(_ at: Int) -> UInt32 {
            bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }

        private func half(_ at: Int) -> UInt16 {
            UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
        }

        /// Git's offset varint: each continuation adds one before shifting.
        private mutating func varint() -> Int? {
            guard offset < bytes.count else { return nil }
            var byte = bytes[offset]
            offset += 1
            var value = Int(byte & 0x7F)
            while byte & 0x80 != 0 {
                guard offset < bytes.count, value < 1 << 40 else { return nil }
                byte = bytes[offset]
                offset += 1
                value = ((value + 1) << 7) | Int(byte & 0x7F)
            }
            return value
        }

        private mutating func nulTerminated() -> [UInt8]? {
            guard let end = bytes[offset...].firstIndex(of: 0) else { return nil }
            defer { offset = end + 1 }
            return Array(bytes[offset..<end])
        }
    }
}
