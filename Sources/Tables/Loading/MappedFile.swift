import CKernels

#if canImport(Glibc)
import Glibc
#endif

/// A file mapped read-only into memory, unmapped when released.
///
/// Mapping rather than reading lets the loader hand pages it has both hashed
/// and parsed back to the kernel as it goes (`release`), so the peak resident
/// memory is the table plus a window of the file, not the table plus the file.
/// The pages stay in the page cache, so a later pass over a released range
/// (the rare fallback paths) faults them back in without going to disk.
///
/// Another process may write the file meanwhile. A read past the end of a file
/// truncated under the mapping gets zeros rather than SIGBUS (`mlx_guard_mapping`),
/// and `changedWhileRead` tells the loader to refuse what it read.
final class MappedFile: @unchecked Sendable {
    /// The file's bytes.
    let bytes: UnsafeRawBufferPointer
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    /// Kept open to compare the file's stat data at the end with those it was mapped with.
    private let descriptor: Int32
    private let mapped: stat
    private let guardSlot: Int32

    /// Maps the file at `path`.
    /// - Throws: `DataError` (file not found, unreadable, empty).
    init(path: String) throws(DataError) {
        // What the path is, before opening it: opening a FIFO waits for a writer, and opening a
        // device can act on it. The descriptor is checked again (the path may change meanwhile),
        // and opened non-blocking so that a FIFO put there in between cannot make it wait.
        var info = stat()
        guard stat(path, &info) == 0 else { throw Self.openError(path, errno) }
        try Self.checkKind(info, path)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw Self.openError(path, errno) }
        var keep = false
        defer { if !keep { close(fd) } }
        guard fstat(fd, &info) == 0 else { throw Self.openError(path, errno) }
        try Self.checkKind(info, path)
        let size = Int(info.st_size)
        guard size > 0 else { throw DataError(.emptyFile, "the file is empty", file: path) }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw DataError(.unreadable, "cannot map the file into memory: \(String(cString: strerror(errno)))", file: path)
        }
        _ = madvise(base, size, MADV_SEQUENTIAL)
        bytes = UnsafeRawBufferPointer(start: base, count: size)
        guardSlot = mlx_guard_mapping(base, size)
        (descriptor, mapped, keep) = (fd, info, true)
    }

    deinit {
        mlx_unguard_mapping(guardSlot)
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
        close(descriptor)
    }

    /// Whether the file was truncated under a read, or its size or times differ from
    /// when it was mapped: what was read may mix two versions of the file.
    var changedWhileRead: Bool {
        var now = stat()
        guard mlx_mapping_faulted(guardSlot) == 0, fstat(descriptor, &now) == 0 else { return true }
        return now.st_size != mapped.st_size || now.st_mtim.tv_sec != mapped.st_mtim.tv_sec || now.st_mtim.tv_nsec != mapped.st_mtim.tv_nsec
    }

    /// The error for a file `changedWhileRead`.
    static func changedError(_ path: String) -> DataError {
        DataError(.unreadable, "the file changed while it was read (another process wrote to it or cut it short); load it again once it is written", file: path)
    }

    /// Drops the whole pages inside `range` from this process's resident set;
    /// reading them again later is still valid.
    func release(_ range: Range<Int>) {
        guard let base = bytes.baseAddress else { return }
        let start = (range.lowerBound + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        let end = range.upperBound == bytes.count ? range.upperBound : range.upperBound / Self.pageSize * Self.pageSize
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    private static func checkKind(_ info: stat, _ path: String) throws(DataError) {
        guard info.st_mode & S_IFMT != S_IFDIR else { throw DataError(.unreadable, "is a directory, not a data file", file: path) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw DataError(.unreadable, "is not a regular file (a pipe, socket or device); load reads files", file: path)
        }
    }

    private static func openError(_ path: String, _ code: Int32) -> DataError {
        if code == ENOENT { return DataError(.fileNotFound, "no such file", file: path) }
        return DataError(.unreadable, "cannot open the file: \(String(cString: strerror(code)))", file: path)
    }
}
