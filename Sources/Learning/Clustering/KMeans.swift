import Foundation
import Numerics
import Tables

/// k-means clustering (`kmeans`): k-means++ starts, then Lloyd iterations.
///
/// As scikit-learn's `KMeans(algorithm="lloyd")`: each start runs until the
/// assignments stop changing, or the summed squared movement of the centres is
/// at most `tol` × the mean feature variance, or `max_iter` iterations; the
/// start with the lowest inertia (sum of squared distances to the assigned
/// centre) is kept, the earliest on ties. A cluster left empty takes the row
/// farthest from its centre. `n_init` defaults to 1, as scikit-learn's "auto"
/// does with k-means++.
///
/// Randomness: k-means++ (the greedy variant, 2 + ⌊ln k⌋ candidates per centre)
/// draws only from the run's generator; with `initialCentres` set nothing is
/// drawn. Distances are exact sums of squares; a row equidistant from several
/// centres goes to the lowest-numbered one.
public struct KMeans: Estimator {
    public static let name = "kmeans"
    public static let task = ModelTask.clustering
    public static let options = ["k", "n_init", "max_iter", "tol"]

    /// Number of clusters (default 8).
    public let k: Int
    public let starts: Int
    public let maxIterations: Int
    public let tolerance: Double
    /// Given starting centres (k rows) instead of k-means++; one start is run.
    public var initialCentres: Matrix?

    public init(_ hyperparameters: Hyperparameters) throws {
        k = try hyperparameters.count("k", default: 8, atLeast: 1)
        starts = try hyperparameters.count("n_init", default: 1, atLeast: 1)
        maxIterations = try hyperparameters.count("max_iter", default: 300, atLeast: 1)
        tolerance = try hyperparameters.number("tol", default: 1e-4, .nonNegative)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let x = data.features
        guard k <= x.rows else { throw LearningError("k (\(k)) must be <= the number of rows (\(x.rows))") }
        if let initialCentres, initialCentres.rows != k || initialCentres.columns != x.columns {
            throw LearningError("the initial centres are \(initialCentres.rows)×\(initialCentres.columns); expected \(k)×\(x.columns)")
        }
        let n = x.rows, p = x.columns
        // Column j is contiguous in the matrix and is summed in row order, as before.
        let variances = (0..<p).map { j in
            let column = x.storage[(j * n)..<((j + 1) * n)]
            let mean = column.reduce(0, +) / Double(n)
            return column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        }
        let shiftTolerance = tolerance * variances.reduce(0, +) / Double(p)
        // Row-major copy for the Lloyd loop; nested row arrays only for k-means++.
        var flat = [Double](repeating: 0, count: n * p)
        for j in 0..<p { for i in 0..<n { flat[i * p + j] = x.storage[j * n + i] } }
        let points = initialCentres == nil ? x.rowArrays : []
        var best: Fitted?
        for _ in 0..<(initialCentres == nil ? starts : 1) {
            let centres = try initialCentres?.rowArrays ?? plusPlus(points, random: &random, interruption: data.interruption)
            try data.interruption.check()
            let run = try Self.lloyd(
                flat, rows: n, columns: p, centres: centres, maxIterations: maxIterations, tolerance: shiftTolerance, interruption: data.interruption)
            if run.inertia < (best?.inertia ?? .infinity) { best = run }
        }
        return best!
    }

    /// Greedy k-means++: each new centre is the best (lowest resulting
    /// potential) of 2 + ⌊ln k⌋ rows drawn with probability ∝ squared distance.
    /// - Throws: `TrainingInterrupted` when `interruption` asked it to stop (checked before each centre).
    func plusPlus(_ points: [[Double]], random: inout RandomGenerator, interruption: Interruption = .never) throws -> [[Double]] {
        let trials = 2 + Int(log(Double(k)))
        var centres = [points[random.integer(in: 0...(points.count - 1))]]
        var closest = points.map { Self.squaredDistance($0, centres[0]) }
        while centres.count < k {
            try interruption.check()
            let potential = closest.reduce(0, +)
            var bestCandidate: (row: Int, distances: [Double], potential: Double)?
            for _ in 0..<trials {
                let row = Self.drawProportional(closest, total: potential, random: &random)
                let distances = zip(points, closest).map { Swift.min($1, Self.squaredDistance($0, points[row])) }
                let candidatePotential = distances.reduce(0, +)
                if candidatePotential < (bestCandidate?.potential ?? .infinity) { bestCandidate = (row, distances, candidatePotential) }
            }
            centres.append(points[bestCandidate!.row])
            closest = bestCandidate!.distances
        }
        return centres
    }

    /// A row index drawn with probability proportional to `weights` (uniform when all are 0).
    static func drawProportional(_ weights: [Double], total: Double, random: inout RandomGenerator) -> Int {
        guard total > 0 else { return random.integer(in: 0...(weights.count - 1)) }
        let target = random.uniform() * total
        var running = 0.0
        for (i, w) in weights.enumerated() {
            running += w
            if running > target { return i }
        }
        return weights.lastIndex { $0 > 0 }!
    }

    static func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices {
            let d = a[i] - b[i]
            sum += d * d
        }
        return sum
    }

    /// The nearest centre of `point` (the lowest index on ties) and its squared distance.
    static func nearest(_ point: [Double], _ centres: [[Double]]) -> (index: Int, distance: Double) {
        var best = (index: 0, distance: squaredDistance(point, centres[0]))
        for c in 1..<centres.count {
            let d = squaredDistance(point, centres[c])
            if d < best.distance { best = (c, d) }
        }
        return best
    }

    /// Lloyd iterations from `centres`, with scikit-learn's stopping rules,
    /// on row-major points (n×p in `points`).
    ///
    /// Flat buffers instead of one array per row and per centre (the first
    /// version): the sums are the same, in the same order, so results are
    /// identical; only the bounds checks and allocations are gone.
    /// - Throws: `TrainingInterrupted` when `interruption` asked it to stop (checked before each iteration).
    static func lloyd(
        _ points: [Double], rows n: Int, columns p: Int, centres start: [[Double]], maxIterations: Int, tolerance: Double,
        interruption: Interruption = .never
    ) throws -> Fitted {
        let k = start.count
        var centres = start.flatMap { $0 }
        var labels = [Int](repeating: -1, count: n)
        var assigned = [Int](repeating: 0, count: n)
        var distances = [Double](repeating: 0, count: n)
        var iterations = 0
        var stable = false
        while iterations < maxIterations {
            try interruption.check()
            iterations += 1
            assign(points, p, centres, k, &assigned, &distances)
            let newCentres = updatedCentres(points, p, assigned, distances, old: centres, k: k)
            var shift = 0.0
            for c in 0..<k { shift += squaredDistance(centres, c * p, newCentres, c * p, p) }
            centres = newCentres
            if assigned == labels {
                stable = true
                break
            }
            labels = assigned
            if shift <= tolerance { break }
        }
        // Unless the last update changed nothing, labels lag one update behind the centres.
        if !stable {
            assign(points, p, centres, k, &assigned, &distances)
            labels = assigned
        }
        var inertia = 0.0
        for i in 0..<n { inertia += squaredDistance(points, i * p, centres, labels[i] * p, p) }
        let rows = (0..<k).map { Array(centres[($0 * p)..<(($0 + 1) * p)]) }
        return Fitted(centres: rows, inertia: inertia, iterations: iterations, labels: labels)
    }

    /// Σ(a[i] − b[i])² over p values starting at the two offsets, in order.
    private static func squaredDistance(_ a: [Double], _ aStart: Int, _ b: [Double], _ bStart: Int, _ p: Int) -> Double {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var sum = 0.0
                for j in 0..<p {
                    let d = a[aStart + j] - b[bStart + j]
                    sum += d * d
                }
                return sum
            }
        }
    }

    /// The nearest centre of every point (the lowest index on ties) and its squared distance.
    private static func assign(_ points: [Double], _ p: Int, _ centres: [Double], _ k: Int, _ labels: inout [Int], _ distances: inout [Double]) {
        points.withUnsafeBufferPointer { x in
            centres.withUnsafeBufferPointer { c in
                for i in 0..<labels.count {
                    var best = 0, bestDistance = Double.infinity
                    for centre in 0..<k {
                        var sum = 0.0
                        for j in 0..<p {
                            let d = x[i * p + j] - c[centre * p + j]
                            sum += d * d
                        }
                        if centre == 0 || sum < bestDistance { (best, bestDistance) = (centre, sum) }
                    }
                    labels[i] = best
                    distances[i] = bestDistance
                }
            }
        }
    }

    /// Cluster means; an empty cluster takes the row farthest from its centre
    /// (largest distance first, lowest row on ties), as scikit-learn relocates.
    static func updatedCentres(_ points: [Double], _ p: Int, _ assigned: [Int], _ distances: [Double], old: [Double], k: Int) -> [Double] {
        var labels = assigned
        var seen = [Bool](repeating: false, count: k)
        for label in labels { seen[label] = true }
        let empty = (0..<k).filter { !seen[$0] }
        if !empty.isEmpty {
            let farthest = labels.indices.sorted { (distances[$0], $1) > (distances[$1], $0) }
            for (cluster, row) in zip(empty, farthest) { labels[row] = cluster }
        }
        var sums = [Double](repeating: 0, count: k * p)
        var counts = [Double](repeating: 0, count: k)
        points.withUnsafeBufferPointer { x in
            for (i, label) in labels.enumerated() {
                counts[label] += 1
                for j in 0..<p { sums[label * p + j] += x[i * p + j] }
            }
        }
        var centres = old
        for c in 0..<k where counts[c] > 0 {
            for j in 0..<p { centres[c * p + j] = sums[c * p + j] / counts[c] }
        }
        return centres
    }

    /// The centres, the training rows' clusters and the inertia.
    public struct Fitted: FittedModel, Equatable {
        public static let name = KMeans.name
        public var task: ModelTask { .clustering }

        /// `centres[cluster][feature]`.
        public let centres: [[Double]]
        /// Sum of squared distances from the training rows to their centres.
        public let inertia: Double
        /// Lloyd iterations of the kept start.
        public let iterations: Int
        /// The cluster of each training row.
        public let labels: [Int]

        public func predict(_ features: Matrix) throws -> Prediction {
            let p = centres[0].count
            guard features.columns == p else { throw LearningError("the model takes \(p) features, got \(features.columns)") }
            return .clusters(features.rowArrays.map { KMeans.nearest($0, centres).index })
        }

        public func checkConsistency(featureCount: Int, classCount: Int) throws {
            try ParameterCheck.nonEmpty("centres", centres.count)
            try ParameterCheck.rows("centres", centres, width: featureCount, "one per feature")
            try ParameterCheck.indices("labels", labels, below: centres.count, "a cluster per training row")
        }

        public var summary: String { "k-means: \(centres.count) clusters, inertia \(inertia), \(iterations) iterations" }

        public var fields: [(name: String, value: ModelField)] {
            [
                ("centres", .matrix(try! Matrix(rows: centres))), ("inertia", .number(inertia)),
                ("iterations", .number(Double(iterations))), ("labels", .vector(Vector(labels.map(Double.init)))),
            ]
        }
    }
}
