/// How the k nearest neighbours' votes (or values) are weighted.
public enum NeighborWeighting: String, Codable, Sendable, CaseIterable {
    /// Every neighbour counts the same.
    case uniform
    /// Weight 1/distance; when a query coincides with training rows (distance 0),
    /// only those rows count, each with weight 1, as scikit-learn does.
    case distance

    /// The weights of neighbours at `distances` (one query).
    func weights(_ distances: [Double]) -> [Double] {
        switch self {
        case .uniform:
            return distances.map { _ in 1 }
        case .distance:
            if distances.contains(0) { return distances.map { $0 == 0 ? 1 : 0 } }
            return distances.map { 1 / $0 }
        }
    }
}
