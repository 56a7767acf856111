import Foundation

/// One line of `mlx runs`: a run without its cells.
public struct RunSummary: Codable, Equatable, Sendable {
    public var number: Int
    public var contentID: String
    public var kind: RunRecord.Kind
    public var script: String?
    public var startedAt: Date
    public var endedAt: Date?
    public var status: RunRecord.Status
    public var replayOf: Int?
    public var verdict: String?
    /// The last value of each metric the run reported, by name.
    public var metrics: [String: Double]

    public var duration: Double? { endedAt.map { $0.timeIntervalSince(startedAt) } }
}
