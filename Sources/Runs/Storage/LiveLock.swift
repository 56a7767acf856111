import Foundation

/// A file a recording process holds an exclusive `flock` on while its run is
/// live. The kernel drops the lock when the process dies however it dies
/// (SIGKILL included), so a run marked running whose lock can be taken was
/// interrupted.
final class LiveLock {
    let token: String
    private let path: String
    private var descriptor: Int32

    /// Creates and locks `live/<token>` in `directory`.
    init(directory: String) throws(StoreError) {
        token = UUID().uuidString.lowercased()
        path = Self.path(token, in: directory)
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw StoreError("cannot create the live-run lock \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the file, then lets go of the lock.
    func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    /// Whether a live process still holds the lock named `token`.
    static func isHeld(_ token: String, in directory: String) -> Bool {
        let descriptor = open(path(token, in: directory), O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return false
        }
        return true
    }

    static func remove(_ token: String, in directory: String) { unlink(path(token, in: directory)) }

    static func path(_ token: String, in directory: String) -> String { directory + "/live/" + token }
}
