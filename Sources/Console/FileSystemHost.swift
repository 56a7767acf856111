import Foundation
import Language
import Tables

/// The interpreter's host for a process: files relative to a working directory.
public struct FileSystemHost: InterpreterHost {
    /// Where relative paths resolve.
    public let workingDirectory: String
    /// Ships models for `deploy`; without one, `deploy` reports that it cannot.
    public var deployer: (@Sendable (DeployRequest) throws -> Deployment)?

    public init(workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.workingDirectory = workingDirectory
    }

    public func deploy(_ request: DeployRequest) throws -> Deployment {
        guard let deployer else { throw DeployUnavailable() }
        return try deployer(request)
    }

    /// Errors name the file as the script wrote it, not the resolved path.
    public func loadTable(path: String, options: LoadOptions) throws -> LoadedTable {
        do {
            return try TableLoader.load(path: resolve(path), options: options)
        } catch {
            throw DataError(error.kind, error.message, file: path, line: error.line, column: error.column)
        }
    }

    /// `path` made absolute against the working directory.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return Self.homeDirectory + path.dropFirst() }
        return URL(fileURLWithPath: workingDirectory).appendingPathComponent(path).path
    }

    /// The directory `~/` names: `$HOME`, as the shell and the REPL's history file read it
    /// (Foundation's tilde expansion reads the account's entry instead), else the account's.
    static var homeDirectory: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        return home.isEmpty ? NSHomeDirectory() : home
    }
}
