import Foundation

/// Paths worked out with plain system calls and string handling. The
/// recorder's thread uses these while the script's thread parses the
/// command line: Foundation's file manager and URLs there made the runtime
/// build types and search conformances on both threads at once, and the
/// script's thread paid for it.
public enum PlainPaths {
    /// The working directory ("" when it cannot be had, as when it was removed).
    public static func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "" }
        defer { free(path) }
        return String(cString: path)
    }

    /// `path` made absolute from `folder`, without `.`, `..` or repeated
    /// slashes; symbolic links are kept.
    public static func resolve(_ path: String, from folder: String) -> String {
        var parts = [Substring]()
        for part in ((path.hasPrefix("/") ? "" : folder + "/") + path).split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        var resolved = ""
        for part in parts {
            // Appended as a substring: `"/" + part` went through the generic
            // concatenation, which searches conformances at run time.
            resolved.append("/")
            resolved.append(contentsOf: part)
        }
        return resolved.isEmpty ? "/" : resolved
    }

    /// `folder` (absolute, resolved) and each folder above it, up to `/`: where
    /// a `.git` or an `.mlx` is looked for.
    public static func upward(from folder: String) -> [String] {
        var folders = [folder]
        var current = folder
        while current != "/" {
            current = String(current[..<(current.lastIndex(of: "/") ?? current.startIndex)])
            if current.isEmpty { current = "/" }
            folders.append(current)
        }
        return folders
    }

    /// The entry `name` of `folder` (`/name` for the root).
    public static func entry(_ name: String, in folder: String) -> String {
        (folder == "/" ? "" : folder) + "/" + name
    }

    /// Whether `path` names a folder (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
