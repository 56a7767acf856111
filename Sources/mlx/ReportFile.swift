import Foundation

/// A report file given on the command line (`--junit FILE`), written to what
/// its path names. An atomic write to the path itself replaces whatever is
/// there: a symlink became a file while its target stayed empty, a FIFO's
/// reader waited forever, and /dev/stdout or /dev/fd/N could not be written.
enum ReportFile {
    /// Where writing a path lands, its symlinks followed.
    enum Destination: Equatable {
        /// A regular file, or nothing yet: written to a temporary file in its
        /// folder and renamed over it, so that a killed mlx never leaves half a report.
        case file(String)
        /// A FIFO, a device or a descriptor someone holds open (/dev/stdout,
        /// /dev/fd/N): written into, since replacing it would reach no reader.
        case stream(String)

        var path: String {
            switch self {
            case .file(let path), .stream(let path): path
            }
        }
    }

    /// Where writing `path` lands; nil when its symlinks go round in a loop
    /// or one cannot be read.
    static func destination(of path: String) -> Destination? {
        var current = path
        // As many links as the kernel follows before it gives up with ELOOP.
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else { return errno == ENOENT ? .file(current) : nil }
            guard info.st_mode & S_IFMT == S_IFLNK else { return info.st_mode & S_IFMT == S_IFREG ? .file(current) : .stream(current) }
            let folder = (current as NSString).deletingLastPathComponent
            // A link in /proc (what /dev/stdout and /dev/fd/N lead to) names an
            // open descriptor, perhaps a pipe with no path; only opening it reaches that.
            if isUnderProc(folder.isEmpty ? "." : folder) { return .stream(current) }
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return nil }
            current = target.hasPrefix("/") || folder.isEmpty ? target : folder + "/" + target
        }
        return nil
    }

    /// Writes `text` to what `path` names.
    static func write(_ text: String, to path: String) throws {
        guard let destination = destination(of: path) else { throw CocoaError(.fileWriteUnknown) }
        switch destination {
        case .file(let file):
            try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        case .stream(let stream):
            // Appended: a file behind /dev/stdout (`> out.txt`) may already hold
            // what the script printed, and the shell truncated it when it opened it.
            let descriptor = open(stream, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC)
            guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        }
    }

    private static func isUnderProc(_ folder: String) -> Bool {
        guard let resolved = realpath(folder, nil) else { return false }
        defer { free(resolved) }
        let path = String(cString: resolved)
        return path == "/proc" || path.hasPrefix("/proc/")
    }
}
