import Foundation
import Tables

extension Value {
    /// SHA-256 of the value's content, for run records: two values have the
    /// same digest exactly when a replay reproduced them bit for bit.
    ///
    /// Numbers are hashed by bit pattern (an array of doubles as its bytes in
    /// memory, which are its elements' `bitPattern`s), so NaN payloads and the
    /// sign of zero count; models and fitted steps by their encoded parameters.
    public var digest: String {
        let hasher = SHA256Hasher()
        feed(into: hasher)
        return hasher.finishHex()
    }

    /// Feeds a type tag and then the content, so that values of different
    /// types never share a byte stream.
    func feed(into hasher: SHA256Hasher) {
        hasher.update(typeName)
        switch self {
        case .none: break
        case .number(let x): hasher.update([x.bitPattern])
        case .string(let s): hasher.update(s)
        case .boolean(let b): hasher.update([UInt8(b ? 1 : 0)])
        case .vector(let v): hasher.update([UInt64(v.count)]); hasher.update(v.elements)
        case .matrix(let m): hasher.update([UInt64(m.rows), UInt64(m.columns)]); hasher.update(m.storage)
        case .list(let values):
            hasher.update([UInt64(values.count)])
            for value in values { value.feed(into: hasher) }
        case .record(let record):
            hasher.update([UInt64(record.fields.count)])
            for field in record.fields {
                hasher.update(field.name)
                field.value.feed(into: hasher)
            }
        case .table(let table): Self.feed(table, into: hasher)
        case .preprocessed(let p):
            Self.feed(p.table, into: hasher)
            hasher.update(p.fitted.canonicalJSONText)
        case .column(let column): Self.feed(column, into: hasher)
        case .summary(let summaries): for summary in summaries { hasher.update(summary.reflectedText) }
        case .opaque(let o): hasher.update(o.kind); hasher.update(o.content.digest)
        }
    }

    private static func feed(_ table: Table, into hasher: SHA256Hasher) {
        hasher.update([UInt64(table.rowCount), UInt64(table.columnCount)])
        hasher.update(table.rowKeys)
        for column in table.columns { feed(column, into: hasher) }
    }

    private static func feed(_ column: Column, into hasher: SHA256Hasher) {
        hasher.update(column.name)
        hasher.update(column.type.description)
        hasher.update(column.missing.rows.map(UInt64.init))
        switch column.values {
        case .number(let x): hasher.update(x)
        case .integer(let i): hasher.update(i)
        case .boolean(let b): hasher.update(b.map { UInt8($0 ? 1 : 0) })
        case .categorical(let codes, let levels):
            hasher.update(codes)
            for level in levels { hasher.update(level) }
        case .text(let texts): for text in texts { hasher.update(text) }
        }
    }
}
