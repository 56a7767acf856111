extension Vector {
    /// The standard scores as a vector; see `Collection.zScores(ddof:missing:)` for the rules
    /// (default `ddof` 0, as `scipy.stats.zscore`).
    public func zScores(ddof: Int = 0, missing: MissingValues = .propagate) throws -> Vector {
        Vector(try elements.zScores(ddof: ddof, missing: missing))
    }
}
