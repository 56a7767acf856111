import Foundation
import Tables

/// How each section of a comparison is worked out.
extension RunDiff {
    static func parameterChanges(_ old: [RunRecord.Parameter], _ new: [RunRecord.Parameter]) -> ([Change], Int) {
        let pairs = matched(old, new, name: \.name)
        let changes = pairs.filter { $0.old?.value != $0.new?.value }.map { Change(name: $0.name, old: $0.old?.value, new: $0.new?.value) }
        return (changes, pairs.count - changes.count)
    }

    static func metricChanges(_ old: [RunRecord.Metric], _ new: [RunRecord.Metric]) -> ([MetricChange], Int) {
        var changes = [MetricChange](), unchanged = 0
        // A loop rather than filter and map over the pairs: in release builds
        // Swift 6.3's optimizer (CopyPropagation) crashes on the closure form.
        for pair in matched(old, new, name: \.name) {
            let change = MetricChange(name: pair.name, old: pair.old?.value, new: pair.new?.value)
            if same(change.old, change.new) { unchanged += 1 } else { changes.append(change) }
        }
        return (changes, unchanged)
    }

    /// NaN (a metric that could not be computed) counts as equal to itself here.
    private static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (x?, y?): x == y || (x.isNaN && y.isNaN)
        default: false
        }
    }

    static func inputChanges(_ old: [RunRecord.Input], _ new: [RunRecord.Input]) -> [InputChange] {
        matched(old, new, name: \.path).compactMap { pair in
            guard let a = pair.old?.fingerprint, let b = pair.new?.fingerprint else {
                return InputChange(path: pair.name, old: pair.old?.fingerprint, new: pair.new?.fingerprint, changes: [])
            }
            let changes = fingerprintChanges(a, b)
            return changes.isEmpty ? nil : InputChange(path: pair.name, old: a, new: b, changes: changes)
        }
    }

    private static func fingerprintChanges(_ a: Fingerprint, _ b: Fingerprint) -> [Change] {
        var changes = self.changes([
            ("sha256", String(a.sha256.prefix(12)), String(b.sha256.prefix(12))),
            ("bytes", String(a.byteCount), String(b.byteCount)),
            ("rows", String(a.rowCount), String(b.rowCount)),
        ])
        let columns = matched(a.schema, b.schema, name: \.name).filter { $0.old?.type != $0.new?.type }
        changes += columns.map { Change(name: "column \($0.name)", old: $0.old?.type.rawValue, new: $0.new?.type.rawValue) }
        let oldOrder = a.schema.map(\.name), newOrder = b.schema.map(\.name)
        if oldOrder != newOrder, Set(oldOrder) == Set(newOrder) {
            changes.append(Change(name: "column order", old: oldOrder.joined(separator: ", "), new: newOrder.joined(separator: ", ")))
        }
        return changes
    }

    static func environmentChanges(_ old: RunRecord, _ new: RunRecord) -> [Change] {
        let a = fields(of: old.environment) + gitFields(old.git), b = fields(of: new.environment) + gitFields(new.git)
        return changes(zip(a, b).map { ($0.name, $0.value, $1.value) })
    }

    private static func gitFields(_ git: GitState?) -> [(name: String, value: String)] {
        [("git commit", git.map { String($0.commit.prefix(12)) } ?? "none"), ("git tree", git.map { $0.dirty ? "dirty" : "clean" } ?? "none")]
    }

    /// Every stored field of `value`, nested structs flattened, lists joined
    /// with spaces. By reflection, so that a field added to `RunEnvironment`
    /// is compared without anyone remembering to add it here.
    static func fields(of value: Any, label: String = "") -> [(name: String, value: String)] {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct?, .class?:
            return mirror.children.flatMap { child in fields(of: child.value, label: child.label.map(words) ?? label) }
        case .optional?:
            return mirror.children.first.map { fields(of: $0.value, label: label) } ?? [(label, "none")]
        case .collection?, .set?:
            return [(label, mirror.children.map { "\($0.value)" }.joined(separator: " "))]
        default:
            return [(label, "\(value)")]
        }
    }

    /// `cpuFeatures` → `cpu features`.
    private static func words(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase, !result.isEmpty { result += " " }
            result += character.lowercased()
        }
        return result
    }

    /// The triples whose two values differ, as changes.
    static func changes(_ triples: [(name: String, old: String, new: String)]) -> [Change] {
        triples.filter { $0.old != $0.new }.map { Change(name: $0.name, old: $0.old, new: $0.new) }
    }

    /// Items of both runs paired by name: the last item of each name (a
    /// later value replaces an earlier one), names in `old`'s order and then
    /// those only in `new`.
    static func matched<T>(_ old: [T], _ new: [T], name: (T) -> String) -> [(name: String, old: T?, new: T?)] {
        let a = lastByName(old, name: name), b = lastByName(new, name: name)
        let known = Set(a.order)
        return (a.order + b.order.filter { !known.contains($0) }).map { ($0, a.items[$0], b.items[$0]) }
    }

    private static func lastByName<T>(_ items: [T], name: (T) -> String) -> (order: [String], items: [String: T]) {
        var order = [String](), byName = [String: T]()
        for item in items {
            let key = name(item)
            if byName.updateValue(item, forKey: key) == nil { order.append(key) }
        }
        return (order, byName)
    }
}
