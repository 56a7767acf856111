import Foundation

/// Files that are on the disk, not only in the page cache, when the call
/// returns: what the store writes before a database row that refers to it,
/// which must not outlive the file in a crash of the operating system.
enum DurableFiles {
    /// Writes `data` to a new file at `path` and waits until it is on the disk.
    static func write(_ data: Data, to path: String) throws(StoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StoreError(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        if let failure = data.withUnsafeBytes({ writeAll($0, to: descriptor) }) { throw StoreError(String(cString: strerror(failure))) }
        guard fsync(descriptor) == 0 else { throw StoreError(String(cString: strerror(errno))) }
    }

    /// Makes the entries of `folder` (a rename into it) durable.
    static func syncFolder(_ folder: String) throws(StoreError) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw StoreError(String(cString: strerror(errno))) }
    }
}
