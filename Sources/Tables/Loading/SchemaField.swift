/// One column of a fingerprint's schema: its name and type.
public struct SchemaField: Codable, Equatable, Hashable, Sendable {
    /// The column name.
    public var name: String
    /// The column type.
    public var type: ColumnType

    /// A schema entry.
    public init(name: String, type: ColumnType) {
        self.name = name
        self.type = type
    }
}
