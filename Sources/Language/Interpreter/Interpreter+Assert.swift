import Numerics

/// `assert`: a gate that records its outcome and lets the run continue.
extension Interpreter {
    func executeAssert(_ condition: Expression, message: Expression?, range: SourceRange) throws(Diagnostic) {
        var left: Value?, right: Value?
        let result: Value
        if case .binary(let op, let l, let r) = condition.kind, op != .and, op != .or {
            let (a, b) = (try evaluate(l), try evaluate(r))
            (left, right) = (a, b)
            result = try applyBinary(op, a, b, condition.range)
        } else {
            result = try evaluate(condition)
        }
        guard case .boolean(let holds) = result else {
            throw error("assert needs a condition that is true or false, got \(result.typeName)", condition.range)
        }
        var text: String?
        if let message {
            let value = try evaluate(message)
            guard case .string(let s) = value else { throw typeError("an assert message", expected: "a string", got: value, message.range) }
            text = s
        }
        let outcome = AssertionOutcome(
            expression: sourceText(condition.range), message: text,
            left: left.map(renderBrief), right: right.map(renderBrief), range: range, source: source)
        if holds {
            sink?.emit(.assertionPassed(outcome))
        } else {
            failedAssertions += 1
            sink?.emit(.assertionFailed(outcome))
        }
    }

    /// The source text of `range`, as the user wrote it.
    func sourceText(_ range: SourceRange) -> String {
        let bytes = Array(source.text.utf8)
        guard range.start >= 0, range.end <= bytes.count else { return "" }
        return String(decoding: bytes[range.start..<range.end], as: UTF8.self)
    }

    /// A one-line rendering of a value for assert reports.
    func renderBrief(_ value: Value) -> String {
        switch value {
        case .vector(let v):
            let shown = v.prefix(6).map(formatNumber).joined(separator: ", ")
            return "[\(shown)\(v.count > 6 ? ", …" : "")]"
        case .list(let l):
            let shown = l.prefix(6).map(renderBrief).joined(separator: ", ")
            return "[\(shown)\(l.count > 6 ? ", …" : "")]"
        case .matrix(let m): return "\(m.rows)×\(m.columns) matrix"
        case .table(let t): return "table of \(t.rowCount) rows"
        case .preprocessed(let p): return "table of \(p.table.rowCount) rows"
        case .record(let r): return "{" + r.fields.prefix(6).map { "\($0.name): \(renderBrief($0.value))" }.joined(separator: ", ") + "}"
        case .column(let c): return "column '\(c.name)'"
        case .opaque(let o): return o.content.summary
        default: return describe(value)
        }
    }
}
