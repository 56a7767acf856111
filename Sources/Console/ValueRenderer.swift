import Language
import Numerics
import Tables

/// Renders language values for a person: exact shortest numbers for scalars,
/// rounded numbers in tables and matrices, aligned tables, and reports as
/// labelled lines.
public struct ValueRenderer: Sendable {
    public var numbers = NumberFormat()
    public var maxRows = 20
    public var maxColumns = 10

    public init(numbers: NumberFormat = NumberFormat(), maxRows: Int = 20) {
        self.numbers = numbers
        self.maxRows = maxRows
    }

    /// The value as shown after a cell or by `print`.
    public func render(_ value: Value) -> String {
        switch value {
        case .none: return "none"
        case .number(let x): return formatNumber(x)
        case .string(let s): return s
        case .boolean(let b): return b ? "true" : "false"
        case .vector(let v): return renderVector(v)
        case .matrix(let m): return renderMatrix(m)
        case .list(let l): return renderList(l)
        case .record(let r): return renderRecord(r)
        case .table(let t): return TableRenderer(numbers: numbers, maxRows: maxRows).render(t)
        case .preprocessed(let p):
            let steps = p.fitted.steps.map(\.stepName).joined(separator: ", ")
            return TableRenderer(numbers: numbers, maxRows: maxRows).render(p.table) + "\npreprocessed by: \(steps)"
        case .column(let c): return renderColumn(c)
        case .summary(let s): return DescriptionRenderer(numbers: numbers).render(s)
        case .opaque(let o): return o.content.summary
        }
    }

    /// A value inside a list or record: strings quoted, containers brief.
    func renderInline(_ value: Value) -> String {
        switch value {
        case .string(let s): return "\"\(Self.shortText(s))\""
        case .table(let t): return "<table \(t.rowCount)×\(t.columnCount)>"
        case .preprocessed(let p): return "<table \(p.table.rowCount)×\(p.table.columnCount), preprocessed>"
        case .matrix(let m): return "<matrix \(m.rows)×\(m.columns)>"
        case .column(let c): return "<column \(c.name)>"
        case .summary: return "<summary>"
        case .record(let r): return "{" + r.fields.map { "\($0.name.replacingControlCharacters()): \(renderInline($0.value))" }.joined(separator: ", ") + "}"
        default: return render(value)
        }
    }

    /// The most elements of a list shown, as numpy shows at most a thousand of an array's:
    /// a list of millions (`range(1e8) == 1`) would otherwise be one string of hundreds of megabytes.
    static let listLimit = 1000

    private func renderList(_ l: [Value]) -> String {
        var parts = l.prefix(Self.listLimit).map(renderInline)
        if l.count > Self.listLimit { parts.append("… (\(l.count) values)") }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    private func renderVector(_ v: Vector) -> String {
        let limit = 12
        var parts = v.prefix(limit).map(formatNumber)
        if v.count > limit { parts.append("… (\(v.count) values)") }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    private func renderMatrix(_ m: Matrix) -> String {
        guard m.rows > 0, m.columns > 0 else { return "<matrix \(m.rows)×\(m.columns)>" }
        let rows = m.rows <= maxRows ? Array(0..<m.rows) : Array(0..<(maxRows / 2)) + [-1] + Array((m.rows - maxRows / 2)..<m.rows)
        let columns = m.columns <= maxColumns ? Array(0..<m.columns) : Array(0..<(maxColumns / 2)) + [-1] + Array((m.columns - maxColumns / 2)..<m.columns)
        let cells = rows.map { i in columns.map { j in i < 0 || j < 0 ? "…" : numbers.format(m[i, j]) } }
        let widths = columns.indices.map { c in cells.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
        var lines = cells.map { row in "[" + row.enumerated().map { DisplayWidth.pad($1, to: widths[$0], right: true) }.joined(separator: "  ") + "]" }
        lines.append("\(m.rows)×\(m.columns) matrix")
        return lines.joined(separator: "\n")
    }

    private func renderRecord(_ r: Record) -> String {
        guard !r.fields.isEmpty else { return "{}" }
        let simple = r.fields.allSatisfy { if case .number = $0.value { true } else if case .string = $0.value { true } else if case .boolean = $0.value { true } else { false } }
        if simple, r.fields.count <= 4 { return renderInline(.record(r)) }
        let names = r.fields.map { $0.name.replacingControlCharacters() }
        let width = names.map(DisplayWidth.of).max() ?? 0
        return zip(names, r.fields).map { name, field in
            let rendered = render(field.value)
            let body = rendered.contains("\n") ? "\n" + rendered.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") : rendered
            return DisplayWidth.pad(name, to: width) + "  " + body
        }.joined(separator: "\n")
    }

    /// The most display cells a text inside a list, record or column shows: a 100 MB field
    /// shown whole would flood the terminal and the run's record (`print` shows it whole).
    static let textLimit = 200

    /// `text` with control characters escaped, cut to `textLimit` cells with an ellipsis.
    static func shortText(_ text: String) -> String {
        // Escaped after cutting a prefix: the whole of a long text is never walked.
        DisplayWidth.truncate(String(text.prefix(textLimit + 1)).replacingControlCharacters(), to: textLimit)
    }

    private func renderColumn(_ c: Column) -> String {
        let limit = 12
        let shown = (0..<Swift.min(c.count, limit)).map { row -> String in
            switch c[row] {
            case .missing: return "NA"
            case .number(let x): return numbers.format(x)
            case .text(let s): return "\"\(Self.shortText(s))\""
            case let cell: return cell.description
            }
        }
        return "\(c.name.replacingControlCharacters()) (\(c.type), \(c.count) rows): [" + shown.joined(separator: ", ") + (c.count > limit ? ", …" : "") + "]"
    }
}
