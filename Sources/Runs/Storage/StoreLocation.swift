import Foundation

/// Where the run store lives: `--store`, else `MLX_STORE`, else the nearest
/// `.mlx` folder walking up from the working directory (like `.git`), else a
/// new `.mlx` in the working directory.
public enum StoreLocation {
    /// The folder name looked for.
    public static let folderName = ".mlx"

    /// The store folder to use.
    public static func resolve(option: String?, environment: [String: String], workingDirectory: String) -> String {
        if let option, !option.isEmpty { return absolute(option, against: workingDirectory) }
        if let variable = environment["MLX_STORE"], !variable.isEmpty { return absolute(variable, against: workingDirectory) }
        return found(from: workingDirectory) ?? absolute(folderName, against: workingDirectory)
    }

    /// The nearest existing `.mlx` folder at or above `directory`.
    public static func found(from directory: String) -> String? {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent(folderName).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    static func absolute(_ path: String, against directory: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
    }
}
