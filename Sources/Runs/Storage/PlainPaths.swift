import Foundation

/// Paths worked out with plain system calls and byte handling, on a recorded
/// run's way from its first line (finding the store, the recorder's thread
/// finding git's folder): Foundation's file manager and URLs there made the
/// runtime build types and search conformances, and the script paid for it.
public enum PlainPaths {
    /// The working directory ("" when it cannot be had, as when it was removed).
    public static func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "" }
        defer { free(path) }
        return String(cString: path)
    }

    /// `path` made absolute from `folder`, without `.`, `..` or repeated
    /// slashes; symbolic links are kept. Split at slash bytes, as the kernel
    /// splits a path: splitting the string by characters cost every recorded
    /// run about 0.1 ms on the script's way, and a slash followed by a
    /// combining mark is one character but two path parts.
    public static func resolve(_ path: String, from folder: String) -> String {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var whole = [UInt8]()
        if !path.utf8.starts(with: [slash]) {
            whole.append(contentsOf: folder.utf8)
            whole.append(slash)
        }
        whole.append(contentsOf: path.utf8)
        whole.append(slash)  // ends the last part
        var resolved = [UInt8]()
        resolved.reserveCapacity(whole.count)
        var partStart = 0
        for i in whole.indices where whole[i] == slash {
            let length = i - partStart
            defer { partStart = i + 1 }
            if length == 0 || (length == 1 && whole[partStart] == dot) { continue }
            if length == 2, whole[partStart] == dot, whole[partStart + 1] == dot {
                // Back to the slash before the last part kept, if any.
                while let last = resolved.popLast(), last != slash {}
                continue
            }
            resolved.append(slash)
            resolved.append(contentsOf: whole[partStart..<i])
        }
        return resolved.isEmpty ? "/" : String(decoding: resolved, as: UTF8.self)
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
