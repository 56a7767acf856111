import Foundation

/// The file `live/<token>` a recording process keeps for its run: it holds
/// an exclusive `flock` on it while the run is live, and appends to it each
/// piece of the run the moment it is decided (the run's start, its
/// environment, every finished cell, and what the writer later computes for
/// a cell: its value digest, content id and stored models, `.completed`).
///
/// An append is one `write` into the kernel's page cache, so it outlives the
/// process however the process dies; the database is brought up to date from
/// the journal on a background thread. The kernel drops the lock when the
/// process dies (SIGKILL included), so a journal whose lock can be taken
/// belongs to a dead process, and readers recover the run from it
/// (`RunStore.bringInJournaledRuns`).
final class RunJournal: @unchecked Sendable {
    // @unchecked: appends from the recorder's two threads take `appending`.

    let token: String
    /// The journal file, `live/<token>` in the store.
    let path: String
    private var descriptor: Int32
    private let appending = NSLock()

    /// The first bytes of every journal, with its format's version.
    static let header = Array("mlx run journal 1\n".utf8)

    /// Creates and locks `live/<token>` in the store `directory`. The file is
    /// locked under a temporary name and then renamed into place, so a reader
    /// never finds an unlocked journal of a live run.
    init(directory: String) throws(StoreError) {
        token = RandomToken.make()
        path = Self.path(token, in: directory)
        let temporary = directory + "/live/.tmp-" + token
        descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0, Self.write(Self.header, to: descriptor),
            rename(temporary, path) == 0
        else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 { close(descriptor) }
            unlink(temporary)
            throw StoreError("cannot create the live-run journal \(path): \(reason)")
        }
    }

    /// Entries held back by `append(_:holdingBack:)`, encoded, for the next write.
    private var heldBack = [UInt8]()

    /// Appends one entry; when this returns, the entry survives the process.
    /// With `holdingBack`, it survives only once the next append, or
    /// `writeHeldBack`, returns: it goes out in the same write as what follows
    /// it (a cell and its completion computed right after it: one write, not two).
    func append(_ entry: Entry, holdingBack: Bool = false) throws(StoreError) {
        appending.lock()
        defer { appending.unlock() }
        try checkOpen()
        entry.encode(into: &heldBack)
        guard !holdingBack else { return }
        try writeHeldBackLocked()
    }

    /// Appends entries encoded ahead (`Entry.encode`), after any held back, in one write.
    func append(encoded entries: [UInt8]) throws(StoreError) {
        appending.lock()
        defer { appending.unlock() }
        try checkOpen()
        heldBack += entries
        try writeHeldBackLocked()
    }

    /// Writes the entries held back, if any; when this returns, they survive the process.
    func writeHeldBack() throws(StoreError) {
        appending.lock()
        defer { appending.unlock() }
        guard !heldBack.isEmpty else { return }
        try checkOpen()
        try writeHeldBackLocked()
    }

    private func checkOpen() throws(StoreError) {
        guard descriptor >= 0 else { throw StoreError("the live-run journal \(path) is closed") }
    }

    private func writeHeldBackLocked() throws(StoreError) {
        defer { heldBack.removeAll(keepingCapacity: true) }
        guard Self.write(heldBack, to: descriptor) else {
            throw StoreError("cannot append to the live-run journal \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The run is in the database in full: removes the file, then lets go of the lock.
    func remove() {
        appending.lock()
        defer { appending.unlock() }
        guard descriptor >= 0 else { return }
        unlink(path)
        release()
    }

    /// Lets go of the lock and keeps the file, for a reader to recover the
    /// run from: the database could not be brought up to date.
    func abandon() {
        appending.lock()
        defer { appending.unlock() }
        guard descriptor >= 0 else { return }
        if !heldBack.isEmpty { _ = Self.write(heldBack, to: descriptor) }  // as much of the run as there is
        release()
    }

    /// Unlocks before closing: a child another thread is spawning holds a copy
    /// of the descriptor from its fork to its exec, and the lock belongs to
    /// the open file, so closing ours alone would leave the run looking live.
    private func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { abandon() }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { writeAll($0, to: descriptor) } == nil
    }

    // MARK: Readers

    /// Whether a live process still holds the journal named `token`.
    static func isHeld(_ token: String, in directory: String) -> Bool {
        let descriptor = open(path(token, in: directory), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return false
        }
        return true
    }

    /// The tokens of the journals in the store `directory`.
    static func tokens(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/live")) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Temporary files of processes that died while creating their journal.
    /// Only ones older than a few seconds: a reader that locked a new one in the
    /// moment between its creator's `open` and `flock` would make that run fail to record.
    static func abandonedTemporaries(in directory: String) -> [String] {
        let settled = time(nil) - 10
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/live")) ?? []).filter { $0.hasPrefix(".tmp-") }
            .map { directory + "/live/" + $0 }
            .filter { path in
                var info = stat()
                guard lstat(path, &info) == 0, info.st_mtim.tv_sec < settled else { return false }
                let descriptor = open(path, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else { return false }
                defer { close(descriptor) }
                return flock(descriptor, LOCK_EX | LOCK_NB) == 0
            }
    }

    /// The entries of journal `token`, up to the first one that is incomplete
    /// (its process died while appending it) or unreadable.
    static func entries(_ token: String, in directory: String) -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path(token, in: directory)) else { return [] }
        return entries(in: [UInt8](data))
    }

    /// The run's start, from the journal's first entry alone (nil if it has none).
    static func start(_ token: String, in directory: String) -> RunRecord? {
        let descriptor = open(path(token, in: directory), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // The header, then the entry's kind and byte count (little-endian).
        guard var bytes = read(header.count + 5, from: descriptor), bytes.starts(with: header) else { return nil }
        let count = bytes.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, count <= Int(info.st_size), let fields = read(count, from: descriptor) else { return nil }
        bytes += fields
        guard case .begin(let run)? = entries(in: bytes).first else { return nil }
        return run
    }

    /// Whether journal `token`, whose start cannot be read, holds more than a
    /// start cut short by its process dying (or none yet): bytes that are not
    /// a journal this mlx reads, or a whole first entry that is not a start.
    /// Such a journal may hold a run, so readers leave it for someone to look at.
    static func isDamaged(_ token: String, in directory: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path(token, in: directory)) else { return false }
        let bytes = [UInt8](data)
        guard bytes.starts(with: header) else { return !header.starts(with: bytes) }
        // The first entry's kind and byte count (little-endian) follow the header.
        guard bytes.count >= header.count + 5 else { return false }
        let count = bytes[header.count + 1..<header.count + 5].reversed().reduce(0) { $0 << 8 | Int($1) }
        return bytes.count >= header.count + 5 + count
    }

    /// Exactly `count` bytes from `descriptor`, nil if the file ends first.
    private static func read(_ count: Int, from descriptor: Int32) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress! + done, count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return bytes
    }

    static func entries(in bytes: [UInt8]) -> [Entry] {
        guard bytes.starts(with: header) else { return [] }
        var reader = JournalReader(bytes, from: header.count)
        var entries = [Entry]()
        while !reader.atEnd, let entry = Entry.decode(from: &reader) { entries.append(entry) }
        return entries
    }

    static func remove(_ token: String, in directory: String) { unlink(path(token, in: directory)) }

    static func path(_ token: String, in directory: String) -> String { directory + "/live/" + token }
}
