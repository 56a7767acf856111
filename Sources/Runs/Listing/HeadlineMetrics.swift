/// Which metrics a listing of runs shows as columns: those a query names,
/// then the ones that summarise a model best, then the rest by name.
public enum HeadlineMetrics {
    /// The names `test` reports that best sum up a classifier, a regressor or
    /// a clustering, in order of preference.
    public static let preference = ["accuracy", "f1", "macro_f1", "roc_auc", "r_squared", "r2", "rmse", "mae", "silhouette", "inertia"]

    /// How many metric columns a listing shows unless a query names more.
    public static let defaultLimit = 3

    /// At most `limit` metric names for `summaries`: every metric `query`
    /// filters or sorts on first (even past the limit: the reader asked for
    /// them), then preferred names present in some run, then others alphabetically.
    public static func choose(for summaries: [RunSummary], query: RunQuery = RunQuery(), limit: Int = defaultLimit) -> [String] {
        var chosen = [String]()
        for name in named(by: query) where !chosen.contains(name) { chosen.append(name) }
        // Preferred names are looked for run by run, and found in the first
        // run that reported them: collecting every name of ten thousand runs
        // first would cost more than the rest of the listing.
        for name in preference where chosen.count < limit && !chosen.contains(name) {
            if summaries.contains(where: { $0.metrics[name] != nil }) { chosen.append(name) }
        }
        guard chosen.count < limit else { return chosen }
        let others = Set(summaries.flatMap(\.metrics.keys)).subtracting(chosen).subtracting(preference).sorted()
        return chosen + others.prefix(limit - chosen.count)
    }

    /// The order `choose` considers metric names in, given the names `stored`
    /// in some run and `named` by the query: the named ones, then the preferred
    /// names, then the rest by name. `choose` takes the named ones and as many
    /// of the others, in this order, as some listed run reported, up to its limit.
    public static func order(named: [String], stored: [String]) -> [String] {
        var order = [String]()
        for name in named where !order.contains(name) { order.append(name) }
        let present = Set(stored)
        for name in preference where present.contains(name) && !order.contains(name) { order.append(name) }
        let taken = Set(order)
        return order + stored.filter { !taken.contains($0) }.sorted()
    }

    /// The metrics (not run fields) `query` filters or sorts on, in that order.
    public static func named(by query: RunQuery) -> [String] {
        (query.conditions.map(\.field) + [query.sort].compactMap { $0 }).filter { !RunQuery.fields.contains($0) }
    }
}
