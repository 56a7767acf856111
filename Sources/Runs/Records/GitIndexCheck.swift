import Foundation
import Tables

/// Tells, without starting git, that no tracked file changed since a clean
/// `git status`: a digest of the index file's identity, git's settings files
/// (`settingsFiles`) and every tracked file's stat data (size, inode, mode, modification and change times to the
/// nanosecond), which any write to a file changes. `GitState.Probe` keeps it
/// with the commit of a status that said clean; the same digest and commit
/// later mean the tree is still clean.
///
/// A file changed in the last `settledFor` seconds makes it answer nil (git is
/// asked, and nothing is kept): a second write within the same tick of the
/// file system's clock could leave its times as they were. So does anything
/// this reader does not fully understand: another index version or hash, a
/// split or sparse index, submodules, conflicts, skipped, assumed-unchanged
/// or intent-to-add entries, a tracked file that is missing.
enum GitIndexCheck {
    /// The digest of the index and the tracked files' stat data, or nil when it cannot vouch for them.
    static func treeSignature(gitDirectory: String, worktree: String, settledFor seconds: Double = 2) -> String? {
        guard usesDefaultLayout(gitDirectory) else { return nil }
        let path = gitDirectory + "/index"
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size >= 32, info.st_size < 64 << 20 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        guard bytes.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) == bytes.count else { return nil }
        var folders = Folders()
        defer { folders.closeAll() }
        guard folders.openTop(worktree) != nil else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var signature = Signature(settledBefore: Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9 - seconds)
        signature.append(worktree)
        guard signature.add(info), settingsFiles(gitDirectory).allSatisfy({ signature.addIfPresent($0) }) else { return nil }
        var reader = IndexReader(bytes: bytes)
        guard reader.eachPath({ path, mode in folders.folder(of: path).map { signature.add(path, in: $0, mode: mode) } ?? false }) else { return nil }
        let hasher = SHA256Hasher()
        signature.data.withUnsafeBytes { hasher.update($0) }
        return hasher.finishHex()
    }

    /// Files whose settings change what `git status` reports without touching a
    /// tracked file (line-end conversion, file modes, filters): their stat data is
    /// part of the digest, so editing one makes git answer again.
    private static func settingsFiles(_ gitDirectory: String) -> [String] {
        let home = getenv("HOME").map { String(cString: $0) } ?? ""
        let xdg = getenv("XDG_CONFIG_HOME").map { String(cString: $0) } ?? home + "/.config"
        return [gitDirectory + "/config", gitDirectory + "/info/attributes", home + "/.gitconfig", xdg + "/git/config", xdg + "/git/attributes", "/etc/gitconfig"]
    }

    /// Paths and stat data to digest (hashed once, at the end), refused for files changed too recently.
    private struct Signature {
        let settledBefore: Double
        private(set) var data = [UInt8]()

        init(settledBefore: Double) {
            self.settledBefore = settledBefore
            data.reserveCapacity(1 << 16)
        }

        /// Adds the file at `path` (NUL-terminated, from the top of the worktree), whose index
        /// entry has `mode` and whose folder is open as `folder`; false when it is missing,
        /// of another type than the entry says, or too new.
        mutating func add(_ path: [UInt8], in folder: (descriptor: Int32, nameStart: Int), mode: UInt32) -> Bool {
            var info = stat()
            let found = path.withUnsafeBufferPointer {
                fstatat(folder.descriptor, UnsafeRawPointer($0.baseAddress! + folder.nameStart).assumingMemoryBound(to: CChar.self), &info, AT_SYMLINK_NOFOLLOW)
            }
            guard found == 0 else { return false }
            // The file-type bits as numbers: Glibc's S_IFMT and friends are calls, twice per file.
            let type = info.st_mode & 0o170000
            let isLink = type == 0o120000
            guard isLink == (mode >> 12 == 0o12), isLink || type == 0o100000 else { return false }
            data += path
            return add(info)
        }

        /// Adds the file at `path` if there is one, and that there is none otherwise.
        mutating func addIfPresent(_ path: String) -> Bool {
            var info = stat()
            append(path)
            guard lstat(path, &info) == 0 else { return true }
            return add(info)
        }

        mutating func add(_ info: stat) -> Bool {
            let changed = Swift.max(
                Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) * 1e-9, Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) * 1e-9)
            guard changed < settledBefore else { return false }
            // One append of the eight words, not an array of them: this runs once per tracked file.
            var words = (
                UInt64(info.st_dev).littleEndian, UInt64(info.st_ino).littleEndian, UInt64(info.st_mode).littleEndian,
                UInt64(bitPattern: Int64(info.st_size)).littleEndian,
                UInt64(bitPattern: Int64(info.st_mtim.tv_sec)).littleEndian, UInt64(bitPattern: Int64(info.st_mtim.tv_nsec)).littleEndian,
                UInt64(bitPattern: Int64(info.st_ctim.tv_sec)).littleEndian, UInt64(bitPattern: Int64(info.st_ctim.tv_nsec)).littleEndian)
            withUnsafeBytes(of: &words) { data.append(contentsOf: $0) }
            return true
        }

        /// Adds `text` and a NUL, so that one path cannot run into the next.
        mutating func append(_ text: String) {
            data += text.utf8
            data.append(0)
        }
    }

    /// The worktree's folders, each opened once: a file is then looked up by
    /// its name in its folder rather than along its whole path (in a
    /// repository of a few hundred files, the path lookups were most of the
    /// kernel's work). The index is sorted by path, and the paths under a
    /// folder are one run of that order, so the folders of the file at hand
    /// and its ancestors are all that need to be open.
    private struct Folders {
        /// The open folders from the top down: where each one's path ends in `path`, and its descriptor.
        private var levels = [(end: Int, descriptor: Int32)]()
        /// The path of the deepest open folder, from the top ("" for the top itself).
        private var path = [UInt8]()

        mutating func openTop(_ worktree: String) -> Int32? {
            let top = open(worktree, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard top >= 0 else { return nil }
            levels = [(0, top)]
            return top
        }

        /// The open folder of `file` (a NUL-terminated path from the top) and where its name
        /// starts in `file`; nil when a folder on the way cannot be opened (or is a symbolic link).
        mutating func folder(of file: [UInt8]) -> (descriptor: Int32, nameStart: Int)? {
            let slash = file.lastIndex(of: UInt8(ascii: "/"))
            let folderEnd = slash ?? 0
            while levels.count > 1, !isAncestor(levels[levels.count - 1].end, of: file, folderEnd) {
                close(levels.removeLast().descriptor)
            }
            var end = levels[levels.count - 1].end
            while end < folderEnd {
                let start = end == 0 ? 0 : end + 1
                let next = file[start..<folderEnd].firstIndex(of: UInt8(ascii: "/")) ?? folderEnd
                let name = Array(file[start..<next]) + [0]
                let descriptor = name.withUnsafeBufferPointer {
                    openat(levels[levels.count - 1].descriptor, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self),
                        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                }
                guard descriptor >= 0 else { return nil }
                levels.append((next, descriptor))
                end = next
            }
            // Copied only when the folder changes: files of one folder come in a run.
            if !(path.count == folderEnd && Self.samePrefix(file, path, folderEnd)) { path = Array(file[..<folderEnd]) }
            return (levels[levels.count - 1].descriptor, slash.map { $0 + 1 } ?? 0)
        }

        /// Whether the open folder whose path ends at `end` holds the folder `file[..<folderEnd]`.
        private func isAncestor(_ end: Int, of file: [UInt8], _ folderEnd: Int) -> Bool {
            end <= folderEnd && Self.samePrefix(file, path, end) && (end == folderEnd || file[end] == UInt8(ascii: "/"))
        }

        /// Whether `a` and `b` start with the same `count` bytes (both have that many).
        private static func samePrefix(_ a: [UInt8], _ b: [UInt8], _ count: Int) -> Bool {
            guard count > 0 else { return true }
            return a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in memcmp(a.baseAddress!, b.baseAddress!, count) == 0 } }
        }

        mutating func closeAll() {
            for level in levels { close(level.descriptor) }
            levels = []
        }
    }

    /// SHA-1 objects and no worktree settings or extensions in the repository's configuration.
    private static func usesDefaultLayout(_ gitDirectory: String) -> Bool {
        let configuration = (readFile(gitDirectory + "/config") ?? []).map { $0 | ($0 >= 0x41 && $0 <= 0x5A ? 0x20 : 0) }
        let mentions = { (word: String) in
            let needle = Array(word.utf8)
            return configuration.count >= needle.count && (0...configuration.count - needle.count).contains { configuration[$0..<$0 + needle.count].elementsEqual(needle) }
        }
        return !mentions("objectformat") && !mentions("worktree") && !mentions("sparse") && access(gitDirectory + "/commondir", F_OK) != 0
    }

    /// A pass over the index file's entries (format versions 2 to 4).
    private struct IndexReader {
        let bytes: [UInt8]
        var offset = 0

        /// Calls `body` with each entry's path (NUL-terminated) and mode, in order, while it returns
        /// true; false when the index is not one this reader understands or `body` refused an entry.
        mutating func eachPath(_ body: ([UInt8], UInt32) -> Bool) -> Bool {
            guard bytes.count >= 12, bytes[0..<4].elementsEqual("DIRC".utf8) else { return false }
            let version = word(4)
            guard (2...4).contains(version) else { return false }
            let count = Int(word(8))
            offset = 12
            var path = [UInt8]()
            for _ in 0..<count {
                guard let entry = nextEntry(version: version, previousPath: &path), entry.isPlainFile else { return false }
                path.append(0)
                defer { path.removeLast() }
                guard body(path, entry.mode) else { return false }
            }
            return extensionsAreUnderstood()
        }

        /// One entry's mode and flags.
        struct Entry {
            var mode: UInt32, flags: UInt16, extendedFlags: UInt16

            /// A regular file or symlink at stage 0, not assumed unchanged, skipped or intent-to-add.
            var isPlainFile: Bool {
                let type = mode >> 12
                return (type == 0o10 || type == 0o12) && flags & 0xB000 == 0 && extendedFlags == 0
            }
        }

        private mutating func nextEntry(version: UInt32, previousPath: inout [UInt8]) -> Entry? {
            // Each entry: times, device, inode, mode, ids, size (4 bytes each), the SHA-1, flags.
            let start = offset
            guard start + 62 <= bytes.count else { return nil }
            var entry = Entry(mode: word(start + 24), flags: half(start + 60), extendedFlags: 0)
            offset = start + 62
            if entry.flags & 0x4000 != 0 {
                guard version >= 3, offset + 2 <= bytes.count else { return nil }
                entry.extendedFlags = half(offset)
                offset += 2
            }
            if version == 4 {
                guard let strip = varint(), strip <= previousPath.count else { return nil }
                previousPath.removeLast(strip)
                guard appendNulTerminated(to: &previousPath) else { return nil }
            } else {
                previousPath.removeAll(keepingCapacity: true)
                guard appendNulTerminated(to: &previousPath) else { return nil }
                // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
                offset = start + ((offset - 1 - start + 8) & ~7)
                guard offset <= bytes.count else { return nil }
            }
            return entry
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
            UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
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

        /// Appends the bytes up to the next NUL to `path` (in place: once per entry) and moves past the NUL.
        private mutating func appendNulTerminated(to path: inout [UInt8]) -> Bool {
            guard offset < bytes.count else { return false }
            let start = offset
            let length = bytes.withUnsafeBufferPointer { buffer -> Int? in
                let rest = UnsafeBufferPointer(rebasing: buffer[start...])
                guard let nul = memchr(rest.baseAddress!, 0, rest.count) else { return nil }
                let length = UnsafeRawPointer(nul) - UnsafeRawPointer(rest.baseAddress!)
                path.append(contentsOf: UnsafeBufferPointer(rebasing: rest[..<length]))
                return length
            }
            guard let length else { return false }
            offset = start + length + 1
            return true
        }
    }
}

