/// One neighbour of a query: a training row index and its Euclidean distance.
struct Neighbor: Equatable, Sendable {
    let index: Int
    let distance: Double
}
