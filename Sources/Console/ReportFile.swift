import Foundation

/// A file a command writes where the user said (`--junit FILE`, `export
/// --output FILE`, the REPL's `:save FILE`), written to what its path names.
/// An atomic write to the path itself replaces whatever is there: a symlink became a file while its target stayed empty, a FIFO's
/// reader waited forever, and /dev/stdout or /dev/fd/N could not be written.
public enum ReportFile {
    /// Where writing a path lands, its symlinks followed.
    public enum Destination: Equatable, Sendable {
        /// A regular file, or nothing yet: written to a temporary file in its
        /// folder and renamed over it, so that a killed mlx never leaves half a report.
        case file(String)
        /// A FIFO, a device or a descriptor someone holds open (/dev/stdout,
        /// /dev/fd/N): written into, since replacing it would reach no reader.
        case stream(String)

        public var path: String {
            switch self {
            case .file(let path), .stream(let path): path
            }
        }
    }

    /// Where writing `path` lands. A path that does not exist, folder and all,
    /// lands on a file there, and writing it says what is missing.
    public static func destination(of path: String) throws(POSIXError) -> Destination {
        var current = path
        // As many links as the kernel follows before it gives up with ELOOP.
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                if errno == ENOENT || errno == ENOTDIR { return .file(current) }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            guard info.st_mode & S_IFMT == S_IFLNK else { return info.st_mode & S_IFMT == S_IFREG ? .file(current) : .stream(current) }
            let folder = (current as NSString).deletingLastPathComponent
            // A link in /proc (what /dev/stdout and /dev/fd/N lead to) names an
            // open descriptor, perhaps a pipe with no path; only opening it reaches that.
            if isUnderProc(folder.isEmpty ? "." : folder) { return .stream(current) }
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { throw POSIXError(.EIO) }
            current = target.hasPrefix("/") || folder.isEmpty ? target : folder + "/" + target
        }
        throw POSIXError(.ELOOP)
    }

    /// Why a report cannot be written to `path`; nil when it can. Checked
    /// before the script runs, so that a mistyped path does not cost the run.
    public static func problem(writing path: String) -> String? {
        do {
            switch try destination(of: path) {
            case .file(let file):
                // Such as /dev/fd/N for a descriptor that is not open: nothing can be made in /proc.
                let folder = (file as NSString).deletingLastPathComponent
                if !folder.isEmpty, isUnderProc(folder), access(file, F_OK) != 0 { return "no such file" }
                return PathProblem.creating(file)
            case .stream(let stream):
                var info = stat()
                if stat(stream, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return "it is a folder; give a file name" }
                return access(stream, W_OK) == 0 ? nil : "permission denied"
            }
        } catch {
            return String(cString: strerror(error.code.rawValue))
        }
    }

    /// Writes `text` to what `path` names.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Writes `data` to what `path` names.
    public static func write(_ data: Data, to path: String) throws {
        switch try destination(of: path) {
        case .file(let file):
            try data.write(to: URL(fileURLWithPath: file), options: .atomic)
        case .stream(let stream):
            // Appended: a file behind /dev/stdout (`> out.txt`) may already hold
            // what the script printed, and the shell truncated it when it opened it.
            let descriptor = open(stream, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC)
            guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try handle.write(contentsOf: data)
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
