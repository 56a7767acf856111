/// A table read from a file, with the fingerprint of the bytes it came from.
public struct LoadedTable: Equatable, Sendable {
    /// The table; its row keys carry the fingerprint's tag.
    public var table: Table
    /// Digest, size and schema of the source.
    public var fingerprint: Fingerprint

    /// A loaded table from its parts.
    public init(table: Table, fingerprint: Fingerprint) {
        self.table = table
        self.fingerprint = fingerprint
    }
}
