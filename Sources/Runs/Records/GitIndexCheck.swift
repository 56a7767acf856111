import CCrypto
import Foundation
import Tables

/// Tells, without starting git, whether tracked files changed, the way git
/// itself does: one pass over the index and every tracked file's stat data.
///
/// The pass gives a digest of the index file's identity, git's settings files
/// (`settingsFiles`) and every tracked file's stat data (size, inode, mode,
/// modification and change times to the nanosecond), which any write to a file
/// changes: `GitState.Probe` keeps it with the answer of a `git status`, and
/// the same digest and commit later mean the same answer. A file changed in the
/// last `settledFor` seconds leaves the digest unsettled (a second write within
/// the same tick of the file system's clock could leave its times as they
/// were), and no answer is kept under it.
///
/// The pass also lists the files whose stat data differ from what their index
/// entry recorded, or that the index cannot vouch for (changed in the tick it
/// was written): `worktreeDiffers` compares their bytes with the blobs the
/// entries name, as git does, unless settings or attributes could make git
/// compare other bytes (line-end conversion, filters).
///
/// Anything this reader does not fully understand makes it answer nil, and git
/// is asked: another index version or hash, a split or sparse index,
/// submodules, conflicts, skipped, assumed-unchanged or intent-to-add entries,
/// a tracked file that is missing or changed type.
enum GitIndexCheck {
    /// What one pass over the index and the tracked files found.
    struct Scan {
        /// The digest of the index file's identity, the settings files' and every tracked file's stat data.
        let signature: String
        /// No file had changed in the last `settledFor` seconds: an answer may be kept under `signature`.
        let settled: Bool
        /// The index file's device, inode, size and times: another index may stage other changes.
        let indexIdentity: String
        /// Tracked files whose content decides whether they changed.
        let doubtful: [Doubtful]
        /// Whether a `.gitattributes` file is tracked, or one is present above a doubtful file.
        let hasAttributes: Bool
        /// Whether variables in the environment change which settings, index or repository git uses.
        let environmentSetsGit: Bool
    }

    /// A tracked file whose stat data do not show it unchanged.
    struct Doubtful {
        /// From the top of the worktree, without a terminating NUL.
        let path: [UInt8]
        let mode: UInt32
        /// The size the index entry recorded (cut to 32 bits; 0 for an entry git smudged as racy).
        let recordedSize: UInt32
        /// The SHA-1 of the blob its index entry names.
        let objectID: ArraySlice<UInt8>
    }

    /// One pass over the index and every tracked file, or nil when it cannot vouch for them.
    static func scan(gitDirectory: String, worktree: String, settledFor seconds: Double = 2) -> Scan? {
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
        signature.add(info)
        for file in settingsFiles(gitDirectory) { signature.addIfPresent(file) }
        let environment = gitEnvironment()
        for variable in environment { signature.append(variable) }
        let written = (seconds: UInt32(truncatingIfNeeded: info.st_mtim.tv_sec), nanoseconds: UInt32(truncatingIfNeeded: info.st_mtim.tv_nsec))
        var doubtful = [Doubtful]()
        var tracksAttributes = false
        let attributesName = Array(".gitattributes".utf8)
        var reader = IndexReader(bytes: bytes)
        let understood = reader.eachPath { path, entry in
            guard let folder = folders.folder(of: path), let file = signature.add(path, in: folder, mode: entry.mode) else { return false }
            if !entry.vouches(for: file, writtenAt: written) {
                doubtful.append(Doubtful(path: Array(path.dropLast()), mode: entry.mode, recordedSize: entry.size, objectID: entry.objectID))
            }
            if Self.names(path, attributesName) { tracksAttributes = true }
            return true
        }
        guard understood else { return nil }
        // Attributes can change what git compares for a file its stat data do not vouch for, so a
        // kept answer stands only while those that could apply to such files are as they were.
        var attributesPresent = false
        for file in Self.attributesFiles(above: doubtful.map(\.path), in: worktree) {
            if signature.addIfPresent(file) { attributesPresent = true }
        }
        let hasher = SHA256Hasher()
        signature.data.withUnsafeBytes { hasher.update($0) }
        return Scan(
            signature: hasher.finishHex(), settled: signature.settled, indexIdentity: Self.identity(ofIndex: info), doubtful: doubtful,
            hasAttributes: tracksAttributes || attributesPresent, environmentSetsGit: !environment.isEmpty)
    }

    /// The identity of the index file `gitDirectory` holds now (nil if there is none).
    static func indexIdentity(gitDirectory: String) -> String? {
        var info = stat()
        return stat(gitDirectory + "/index", &info) == 0 ? identity(ofIndex: info) : nil
    }

    /// An index file's device, inode, size and times: git writes a new file for every change.
    private static func identity(ofIndex info: stat) -> String {
        [UInt64(info.st_dev), UInt64(info.st_ino), UInt64(info.st_size), UInt64(info.st_mtim.tv_sec), UInt64(info.st_mtim.tv_nsec),
            UInt64(info.st_ctim.tv_sec), UInt64(info.st_ctim.tv_nsec)].map { String($0, radix: 16) }.joined(separator: ".")
    }

    /// Whether the NUL-terminated `path` ends in the file name `suffix`.
    private static func names(_ path: [UInt8], _ suffix: [UInt8]) -> Bool {
        let end = path.count - 1
        guard end >= suffix.count, path[(end - suffix.count)..<end].elementsEqual(suffix) else { return false }
        return end == suffix.count || path[end - suffix.count - 1] == UInt8(ascii: "/")
    }

    /// Git's id of the empty blob.
    static let emptyBlobID: [UInt8] = [
        0xe6, 0x9d, 0xe2, 0x9b, 0xb2, 0xd1, 0xd6, 0x43, 0x4b, 0x8b, 0x29, 0xae, 0x77, 0x5a, 0xd8, 0xc2, 0xe4, 0x8c, 0x53, 0x91,
    ]

    /// The most a content check reads before it leaves the answer to git.
    static let contentCheckLimits = (files: 256, bytes: 64 << 20)

    /// Whether some doubtful file's content (or executable bit) differs from its
    /// index entry's blob; nil when this cannot tell: settings or attributes that
    /// make git convert or filter what it compares, or more to read than
    /// `contentCheckLimits`.
    static func worktreeDiffers(from scan: Scan, gitDirectory: String, worktree: String) -> Bool? {
        if scan.doubtful.isEmpty { return false }
        guard !scan.hasAttributes, !scan.environmentSetsGit, scan.doubtful.count <= contentCheckLimits.files, settingsAllowContentCheck(gitDirectory)
        else { return nil }
        var budget = contentCheckLimits.bytes
        for file in scan.doubtful {
            let path = worktree + "/" + String(decoding: file.path, as: UTF8.self)
            switch currentBlob(at: path, mode: file.mode, budget: &budget) {
            case .unreadable: return nil
            case .executableBitChanged: return true
            case .content(let bytes):
                // Git takes another size than the entry recorded as a change without reading the
                // bytes (unless git smudged the entry's size to 0), whatever they hash to.
                if file.recordedSize != 0, file.recordedSize != UInt32(truncatingIfNeeded: bytes.count) { return true }
                if !blobID(bytes).elementsEqual(file.objectID) { return true }
            }
        }
        return false
    }

    /// What a doubtful file holds now, as git would hash it.
    private enum CurrentBlob {
        /// The file's bytes, or a symbolic link's target.
        case content([UInt8])
        case executableBitChanged
        /// Gone, of another type, changing as it is read, or larger than what is left to read.
        case unreadable
    }

    /// The content of the file at `path`, whose index entry has `mode`, read within `budget`.
    private static func currentBlob(at path: String, mode: UInt32, budget: inout Int) -> CurrentBlob {
        if mode >> 12 == 0o12 {
            var target = [UInt8](repeating: 0, count: 4097)
            let count = target.withUnsafeMutableBufferPointer { readlink(path, UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), $0.count) }
            guard count >= 0, count < target.count else { return .unreadable }
            return .content(Array(target[..<count]))
        }
        // Not blocking: a file replaced by a FIFO since the pass must not hold the run up.
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .unreadable }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & 0o170000 == 0o100000, Int(info.st_size) <= budget else { return .unreadable }
        if (info.st_mode & 0o100 != 0) != (mode == 0o100755) { return .executableBitChanged }
        budget -= Int(info.st_size)
        let bytes = readToEnd(descriptor)
        return bytes.count == Int(info.st_size) ? .content(bytes) : .unreadable
    }

    /// Git's id of a blob holding `bytes`: the SHA-1 of "blob <count>", a NUL and the bytes.
    static func blobID(_ bytes: [UInt8]) -> [UInt8] {
        let header = Array("blob \(bytes.count)".utf8) + [0]
        var digest = [UInt8](repeating: 0, count: 20)
        header.withUnsafeBytes { header in
            bytes.withUnsafeBytes { content in
                digest.withUnsafeMutableBufferPointer {
                    mlx_sha1_two_parts(header.baseAddress, header.count, content.baseAddress, content.count, $0.baseAddress)
                }
            }
        }
        return digest
    }

    /// The `.gitattributes` paths of every folder from the top of `worktree` down to those
    /// holding `files`, each once: untracked attributes files count too, since git reads them.
    private static func attributesFiles(above files: [[UInt8]], in worktree: String) -> [String] {
        var folders = [[UInt8]]()
        for file in files {
            var folder = [UInt8]()
            var components = file.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropLast()[...]
            while true {
                if !folders.contains(folder) { folders.append(folder) }
                guard let next = components.popFirst() else { break }
                if !folder.isEmpty { folder.append(UInt8(ascii: "/")) }
                folder += next
            }
        }
        return folders.map { worktree + ($0.isEmpty ? "" : "/" + String(decoding: $0, as: UTF8.self)) + "/.gitattributes" }
    }

    /// The variables of the environment that change which settings, attributes, index or
    /// repository git uses, as `NAME=value` (read through `environ`: Foundation's copy of it
    /// costs more). Part of the digest, since they change what git would answer.
    private static func gitEnvironment() -> [String] {
        let prefixes = ["GIT_CONFIG", "GIT_ATTR", "GIT_DIR=", "GIT_WORK_TREE=", "GIT_INDEX_FILE=", "GIT_COMMON_DIR="]
        var found = [String]()
        var entry = environ
        while let variable = entry.pointee {
            let text = String(cString: variable)
            if prefixes.contains(where: { text.hasPrefix($0) }) { found.append(text) }
            entry += 1
        }
        return found
    }

    /// Whether no setting could make git compare other bytes than a file's own
    /// (line-end conversion, attributes, included files, another file mode or
    /// link handling): what the content check assumes. Filters, `core.eol` and
    /// encodings apply only through attributes, which the caller rules out, so a
    /// filter defined globally (as `git lfs install` does) does not count. A word
    /// found where it means something else only costs a `git status`.
    private static func settingsAllowContentCheck(_ gitDirectory: String) -> Bool {
        // trustctime and checkstat make git trust stat data this check would look past.
        let refused = ["autocrlf", "attributesfile", "ignorestat", "include", "symlinks", "precompose", "fsmonitor", "trustctime", "checkstat", "[attr"]
        for path in settingsFiles(gitDirectory) {
            guard let bytes = readFile(path) else { continue }
            let lines = String(decoding: bytes, as: UTF8.self).lowercased().split(whereSeparator: \.isNewline)
            if path.hasSuffix("attributes") {
                if lines.contains(where: { line in line.contains { !$0.isWhitespace } && !line.drop(while: \.isWhitespace).hasPrefix("#") }) { return false }
                continue
            }
            for line in lines {
                if refused.contains(where: { line.contains($0) }) || line.hasSuffix("\\") { return false }
                // Only the plain true value: git also reads an empty value, quotes and more as false.
                if line.contains("filemode"), line.filter({ !$0.isWhitespace }) != "filemode=true" { return false }
            }
        }
        return true
    }

    /// Files whose settings change what `git status` reports without touching a
    /// tracked file (line-end conversion, file modes, filters): their stat data is
    /// part of the digest, so editing one makes git answer again.
    private static func settingsFiles(_ gitDirectory: String) -> [String] {
        let home = getenv("HOME").map { String(cString: $0) } ?? ""
        // An empty XDG_CONFIG_HOME counts as unset, as git takes it.
        let xdg = getenv("XDG_CONFIG_HOME").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        return [
            gitDirectory + "/config", gitDirectory + "/info/attributes", home + "/.gitconfig", xdg + "/git/config", xdg + "/git/attributes",
            "/etc/gitconfig", "/etc/gitattributes",
        ]
    }

    /// Paths and stat data to digest (hashed once, at the end), noting files changed too recently.
    private struct Signature {
        let settledBefore: Double
        private(set) var data = [UInt8]()
        /// No file added so far changed after `settledBefore`.
        private(set) var settled = true

        init(settledBefore: Double) {
            self.settledBefore = settledBefore
            data.reserveCapacity(1 << 16)
        }

        /// Adds the file at `path` (NUL-terminated, from the top of the worktree), whose index
        /// entry has `mode` and whose folder is open as `folder`, and returns its stat data;
        /// nil when it is missing or of another type than the entry says.
        mutating func add(_ path: [UInt8], in folder: (descriptor: Int32, nameStart: Int), mode: UInt32) -> stat? {
            var info = stat()
            let found = path.withUnsafeBufferPointer {
                fstatat(folder.descriptor, UnsafeRawPointer($0.baseAddress! + folder.nameStart).assumingMemoryBound(to: CChar.self), &info, AT_SYMLINK_NOFOLLOW)
            }
            guard found == 0 else { return nil }
            // The file-type bits as numbers: Glibc's S_IFMT and friends are calls, twice per file.
            let type = info.st_mode & 0o170000
            let isLink = type == 0o120000
            guard isLink == (mode >> 12 == 0o12), isLink || type == 0o100000 else { return nil }
            data += path
            add(info)
            return info
        }

        /// Adds the file at `path` if there is one, and that there is none otherwise; returns whether there is.
        @discardableResult
        mutating func addIfPresent(_ path: String) -> Bool {
            var info = stat()
            append(path)
            guard lstat(path, &info) == 0 else { return false }
            add(info)
            return true
        }

        mutating func add(_ info: stat) {
            let changed = Swift.max(
                Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) * 1e-9, Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) * 1e-9)
            if changed >= settledBefore { settled = false }
            // One append of the eight words, not an array of them: this runs once per tracked file.
            var words = (
                UInt64(info.st_dev).littleEndian, UInt64(info.st_ino).littleEndian, UInt64(info.st_mode).littleEndian,
                UInt64(bitPattern: Int64(info.st_size)).littleEndian,
                UInt64(bitPattern: Int64(info.st_mtim.tv_sec)).littleEndian, UInt64(bitPattern: Int64(info.st_mtim.tv_nsec)).littleEndian,
                UInt64(bitPattern: Int64(info.st_ctim.tv_sec)).littleEndian, UInt64(bitPattern: Int64(info.st_ctim.tv_nsec)).littleEndian)
            withUnsafeBytes(of: &words) { data.append(contentsOf: $0) }
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

        /// Calls `body` with each entry's path (NUL-terminated) and the entry, in order, while it returns
        /// true; false when the index is not one this reader understands or `body` refused an entry.
        mutating func eachPath(_ body: ([UInt8], Entry) -> Bool) -> Bool {
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
                guard body(path, entry) else { return false }
            }
            return extensionsAreUnderstood()
        }

        /// One entry: the stat data git recorded for the file (each field cut to 32 bits), its mode, blob and flags.
        struct Entry {
            var changed: (seconds: UInt32, nanoseconds: UInt32), modified: (seconds: UInt32, nanoseconds: UInt32)
            var inode: UInt32, mode: UInt32, user: UInt32, group: UInt32, size: UInt32
            /// The SHA-1 of its blob.
            var objectID: ArraySlice<UInt8>
            var flags: UInt16, extendedFlags: UInt16 = 0

            /// A regular file or symlink at stage 0, not assumed unchanged, skipped or intent-to-add.
            var isPlainFile: Bool {
                let type = mode >> 12
                return (type == 0o10 || type == 0o12) && flags & 0xB000 == 0 && extendedFlags == 0
            }

            /// Whether `file`'s stat data show it unchanged since git recorded this entry, as git
            /// decides (device aside): the same times, inode, owner, size and executable bit, and
            /// recorded before the tick the index was `written` in (a file written in that tick
            /// may have changed again without its times moving).
            func vouches(for file: stat, writtenAt written: (seconds: UInt32, nanoseconds: UInt32)) -> Bool {
                func cut<T: BinaryInteger>(_ value: T) -> UInt32 { UInt32(truncatingIfNeeded: value) }
                // A size of 0 with a blob that is not empty is how git smudges a racy entry: only the bytes can tell.
                if size == 0, !objectID.elementsEqual(GitIndexCheck.emptyBlobID) { return false }
                let racy = modified.seconds > written.seconds || (modified.seconds == written.seconds && modified.nanoseconds >= written.nanoseconds)
                let executable = file.st_mode & 0o170000 == 0o100000 ? file.st_mode & 0o100 != 0 : false
                return !racy && modified == (cut(file.st_mtim.tv_sec), cut(file.st_mtim.tv_nsec))
                    && changed == (cut(file.st_ctim.tv_sec), cut(file.st_ctim.tv_nsec)) && inode == cut(file.st_ino)
                    && user == cut(file.st_uid) && group == cut(file.st_gid) && size == cut(file.st_size) && executable == (mode == 0o100755)
            }
        }

        private mutating func nextEntry(version: UInt32, previousPath: inout [UInt8]) -> Entry? {
            // Each entry: times, device, inode, mode, ids, size (4 bytes each), the SHA-1, flags.
            let start = offset
            guard start + 62 <= bytes.count else { return nil }
            var entry = Entry(
                changed: (word(start), word(start + 4)), modified: (word(start + 8), word(start + 12)), inode: word(start + 20),
                mode: word(start + 24), user: word(start + 28), group: word(start + 32), size: word(start + 36),
                objectID: bytes[(start + 40)..<(start + 60)], flags: half(start + 60))
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

