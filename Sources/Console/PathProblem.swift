import Foundation

/// Why a file cannot be written, in a few words for a message
/// (Foundation's own says "The operation could not be completed" or worse).
public enum PathProblem {
    /// Nil when a file can be made at `path`, or the one there replaced: its
    /// folder exists and may be written, and `path` is not a folder.
    public static func creating(_ path: String) -> String? {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return "it is a folder; give a file name" }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, stat(folder, &info) != 0 { return "there is no folder \(folder)" }
        if !folder.isEmpty, info.st_mode & S_IFMT != S_IFDIR { return "\(folder) is not a folder" }
        return access(folder.isEmpty ? "." : folder, W_OK) == 0 ? nil : "permission denied in \(folder.isEmpty ? "." : folder)"
    }

    /// Why writing `path` failed.
    public static func writing(_ path: String) -> String {
        creating(path) ?? "the file cannot be written"
    }
}
