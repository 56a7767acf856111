import Foundation
import Tables

/// The comparison as JSON, for tools: the same sections as the text, with
/// numbers unrounded.
extension RunDiffRenderer {
    /// One object: `old`, `new`, `identical`, and a key per section.
    public func json(_ diff: RunDiff) -> String {
        let dates = JSONOutput.dateFormatter()
        func side(_ side: RunDiff.Side) -> JSONOutput.Object {
            JSONOutput.Object([
                "number": side.number, "id": side.contentID, "origin": side.origin, "status": side.status.rawValue,
                "started": dates.string(from: side.startedAt),
            ])
        }
        return JSONOutput.encode(
            JSONOutput.Object([
                "old": side(diff.old), "new": side(diff.new), "identical": diff.isEmpty,
                "parameters": diff.parameters.map(Self.object), "unchanged_parameters": diff.unchangedParameters,
                "metrics": diff.metrics.map(Self.object), "unchanged_metrics": diff.unchangedMetrics,
                "data": diff.data.map(Self.object), "script": script(diff),
                "environment": diff.environment.map(Self.object), "seed": diff.seed.map(Self.object),
            ]))
    }

    private static func object(_ change: RunDiff.Change) -> JSONOutput.Object {
        JSONOutput.Object(["name": change.name, "old": change.old, "new": change.new])
    }

    private static func object(_ metric: RunDiff.MetricChange) -> JSONOutput.Object {
        JSONOutput.Object([
            "name": metric.name, "old": metric.old.flatMap(JSONOutput.finite), "new": metric.new.flatMap(JSONOutput.finite),
            "delta": metric.delta.flatMap(JSONOutput.finite),
        ])
    }

    private static func object(_ input: RunDiff.InputChange) -> JSONOutput.Object {
        JSONOutput.Object(["path": input.path, "old": input.old.map(object), "new": input.new.map(object), "changes": input.changes.map(object)])
    }

    private static func object(_ file: Fingerprint) -> JSONOutput.Object {
        let columns = file.schema.map { JSONOutput.Object(["name": $0.name, "type": $0.type.rawValue]) }
        return JSONOutput.Object(["sha256": file.sha256, "bytes": file.byteCount, "rows": file.rowCount, "columns": columns])
    }
}
