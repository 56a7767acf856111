import Tables

/// The interpreter's only way to the outside world: files, and later the
/// model registry. The REPL, `mlx run`, replay and tests each provide one.
public protocol InterpreterHost: Sendable {
    /// Loads a table from `path` (relative paths resolve against the host's
    /// working directory).
    func loadTable(path: String, options: LoadOptions) throws -> LoadedTable
}
