import Foundation

/// The whole file at `path`, nil when it cannot be opened: for small files
/// read on a run's way, where Foundation's first use costs more than the reading.
func readFile(_ path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    return readToEnd(descriptor)
}

/// Every byte `descriptor` gives until its end (or an error other than an
/// interruption): for pipes and procfs files, whose size is not known ahead.
func readToEnd(_ descriptor: Int32) -> [UInt8] {
    var output = [UInt8](), buffer = [UInt8](repeating: 0, count: 16384)
    while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count > 0 {
            output += buffer[..<count]
        } else if count < 0 && errno == EINTR {
            continue
        } else {
            return output
        }
    }
}

/// Writes all of `bytes` to `descriptor`, again after an interruption;
/// nil once everything is written, else the error number of the failure.
func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
    var written = 0
    while written < bytes.count {
        let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { return count < 0 ? errno : EIO }
        written += count
    }
    return nil
}

/// Writes `text` to `path` whole or not at all (a temporary file renamed into
/// place); false if it could not. For the store's small records of what was
/// worked out before, whose loss only means working it out again: so no
/// `fsync` (Foundation's write makes one, 0.6 ms here), and a record a crash
/// left empty or torn is one its reader refuses.
@discardableResult
func keepWhole(_ text: String, at path: String) -> Bool {
    let temporary = path + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { return false }
    var text = text
    let failure = text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
    guard close(descriptor) == 0, failure == nil, rename(temporary, path) == 0 else {
        unlink(temporary)
        return false
    }
    return true
}
