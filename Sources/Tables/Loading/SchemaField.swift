/// One column of a fingerprint's schema: its name and type.
public struct SchemaField: Codable, Equatable, Hashable, Sendable {
    /// The column name.
    public var name: String
    /// The column type.
    public var type: ColumnType

    /// For a categorical column whose categories matter (a deployed model's
    /// input), the categories in code order; nil otherwise.
    public var levels: [String]?

    /// A schema entry.
    public init(name: String, type: ColumnType, levels: [String]? = nil) {
        self.name = name
        self.type = type
        self.levels = levels
    }
}
