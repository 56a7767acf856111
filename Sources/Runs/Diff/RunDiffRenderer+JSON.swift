import Foundation
import Tables

/// The comparison as JSON, for tools: the same sections as the text, with
/// numbers unrounded.
extension RunDiffRenderer {
    /// One object: `old`, `new`, `identical`, and a key per section.
    public func json(_ diff: RunDiff) -> String {
        JSONOutput.encode(DiffDocument(diff: diff, script: script(diff)))
    }
}

private struct DiffDocument: Encodable {
    let diff: RunDiff
    let script: String

    enum Key: String, CodingKey {
        case old, new, identical, parameters, metrics, data, script, environment, seed
        case unchangedParameters = "unchanged_parameters", unchangedMetrics = "unchanged_metrics"
    }

    func encode(to encoder: Encoder) throws {
        var object = encoder.container(keyedBy: Key.self)
        try object.encode(SideDocument(side: diff.old), forKey: .old)
        try object.encode(SideDocument(side: diff.new), forKey: .new)
        try object.encode(diff.isEmpty, forKey: .identical)
        try object.encode(diff.parameters.map(ChangeDocument.init), forKey: .parameters)
        try object.encode(diff.unchangedParameters, forKey: .unchangedParameters)
        try object.encode(diff.metrics.map(MetricDocument.init), forKey: .metrics)
        try object.encode(diff.unchangedMetrics, forKey: .unchangedMetrics)
        try object.encode(diff.data.map(InputDocument.init), forKey: .data)
        try object.encode(script, forKey: .script)
        try object.encode(diff.environment.map(ChangeDocument.init), forKey: .environment)
        try object.encode(diff.seed.map(ChangeDocument.init), forKey: .seed)
    }
}

private struct SideDocument: Encodable {
    let number: Int, id: String, origin: String, status: String, started: String

    init(side: RunDiff.Side) {
        (number, id, origin, status) = (side.number, side.contentID, side.origin, side.status.rawValue)
        started = JSONOutput.dateFormatter().string(from: side.startedAt)
    }
}

private struct ChangeDocument: Encodable {
    let change: RunDiff.Change

    enum Key: String, CodingKey { case name, old, new }

    func encode(to encoder: Encoder) throws {
        var object = encoder.container(keyedBy: Key.self)
        try object.encode(change.name, forKey: .name)
        try object.encode(change.old, forKey: .old)
        try object.encode(change.new, forKey: .new)
    }
}

private struct MetricDocument: Encodable {
    let metric: RunDiff.MetricChange

    enum Key: String, CodingKey { case name, old, new, delta }

    func encode(to encoder: Encoder) throws {
        var object = encoder.container(keyedBy: Key.self)
        try object.encode(metric.name, forKey: .name)
        try object.encode(metric.old.flatMap(JSONOutput.finite), forKey: .old)
        try object.encode(metric.new.flatMap(JSONOutput.finite), forKey: .new)
        try object.encode(metric.delta.flatMap(JSONOutput.finite), forKey: .delta)
    }
}

private struct InputDocument: Encodable {
    let input: RunDiff.InputChange

    enum Key: String, CodingKey { case path, old, new, changes }

    func encode(to encoder: Encoder) throws {
        var object = encoder.container(keyedBy: Key.self)
        try object.encode(input.path, forKey: .path)
        try object.encode(input.old.map(FingerprintDocument.init), forKey: .old)
        try object.encode(input.new.map(FingerprintDocument.init), forKey: .new)
        try object.encode(input.changes.map(ChangeDocument.init), forKey: .changes)
    }
}

private struct FingerprintDocument: Encodable {
    struct Column: Encodable { let name: String, type: String }
    let sha256: String, bytes: Int, rows: Int, columns: [Column]

    init(_ fingerprint: Fingerprint) {
        (sha256, bytes, rows) = (fingerprint.sha256, fingerprint.byteCount, fingerprint.rowCount)
        columns = fingerprint.schema.map { Column(name: $0.name, type: $0.type.rawValue) }
    }
}
