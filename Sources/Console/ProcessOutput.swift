import CKernels
import Foundation

/// Writes to the process's standard output and error with `write(2)`.
/// Foundation's `FileHandle.write(_:)` stops the process with a crash report
/// when a write fails (a full disk, a closed pipe with SIGPIPE ignored, a
/// closed descriptor); here a failed write ends the process with a one-line
/// message and `ExitStatus.outputFailed`, as a run killed part way ends: a
/// recorded run's journal keeps the cells that finished.
public enum ProcessOutput {
    public static func standardOutput(_ text: String) { write(text, to: STDOUT_FILENO) }

    public static func standardError(_ text: String) { write(text, to: STDERR_FILENO) }

    /// Writes all of `text` to `descriptor`, retrying short and interrupted writes.
    public static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0), to: descriptor) }
    }

    public static func write(_ data: Data, to descriptor: Int32) {
        data.withUnsafeBytes { write($0, to: descriptor) }
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written >= 0 {
                offset += written
            } else if errno != EINTR {
                fail(writing: descriptor, errno)
            }
        }
    }

    /// Ends the process after a failed write to `descriptor`, saying so on
    /// standard error unless that is what failed.
    private static func fail(writing descriptor: Int32, _ code: Int32) -> Never {
        if descriptor != STDERR_FILENO {
            let name = descriptor == STDOUT_FILENO ? "standard output" : "descriptor \(descriptor)"
            let message = Array("mlx: cannot write to \(name): \(String(cString: strerror(code)))\n".utf8)
            _ = message.withUnsafeBytes { Foundation.write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }
        exit(ExitStatus.outputFailed.rawValue)
    }

    /// Flushes what `print` buffered, and ends the process as a failed write
    /// does if that or an earlier buffered write failed.
    public static func flushPrinted() {
        if mlx_flush_standard_output() != 0 { fail(writing: STDOUT_FILENO, errno == 0 ? EIO : errno) }
    }

    /// Opens `/dev/null` on any of descriptors 0, 1 and 2 that is closed, so
    /// that a file mlx opens later (a run's journal) cannot take one of their
    /// numbers and receive what is printed. It is opened the other way round
    /// (standard output for reading): using the stream still fails, as it did.
    public static func fillClosedStandardDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            // open returns the lowest free number: this one, since those below it are open by now.
            _ = open("/dev/null", descriptor == STDIN_FILENO ? O_WRONLY : O_RDONLY)
        }
    }
}
