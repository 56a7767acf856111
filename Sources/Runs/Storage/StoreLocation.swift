import Foundation

/// Where the run store lives: `--store`, else `MLX_STORE`, else the nearest
/// `.mlx` folder walking up from the working directory (like `.git`), else a
/// new `.mlx` in the working directory.
public enum StoreLocation {
    /// The folder name looked for.
    public static let folderName = ".mlx"

    /// The store folder to use: `option`, else `environmentValue` (the value
    /// of MLX_STORE), else the nearest `.mlx` at or above `workingDirectory`,
    /// else a new one there. System calls only (`PlainPaths`): this runs before
    /// the command line is parsed, on the way of every recorded command.
    public static func resolve(option: String?, environmentValue: String?, workingDirectory: String) -> String {
        if let option, !option.isEmpty { return PlainPaths.resolve(option, from: workingDirectory) }
        if let environmentValue, !environmentValue.isEmpty { return PlainPaths.resolve(environmentValue, from: workingDirectory) }
        return found(from: workingDirectory) ?? PlainPaths.resolve(folderName, from: workingDirectory)
    }

    /// The nearest existing `.mlx` folder at or above `directory`.
    public static func found(from directory: String) -> String? {
        for folder in PlainPaths.upward(from: PlainPaths.resolve(directory, from: "/")) {
            let candidate = PlainPaths.entry(folderName, in: folder)
            if PlainPaths.isDirectory(candidate) { return candidate }
        }
        return nil
    }
}
