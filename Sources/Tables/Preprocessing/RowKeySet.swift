/// A compact set of row provenance keys (see `Table.rowKeys`), stored as sorted, disjoint,
/// non-adjacent closed ranges: a contiguous block of a loaded file costs one range.
///
/// Keys with tag 0 (rows made in memory, origin unknown) are never stored, since equal keys
/// from two in-memory tables say nothing about shared rows.
public struct RowKeySet: Sendable, Equatable, Codable {
    /// The ranges, increasing; encoded as `[[first, last], …]`.
    public private(set) var ranges: [ClosedRange<UInt64>]

    /// The set of `keys` whose tag (high 32 bits) is not 0.
    public init<S: Sequence>(_ keys: S) where S.Element == UInt64 {
        ranges = []
        for key in keys.filter({ $0 >> 32 != 0 }).sorted() {
            if let last = ranges.last, key <= last.upperBound &+ 1, last.upperBound != .max {
                ranges[ranges.count - 1] = last.lowerBound...Swift.max(last.upperBound, key)
            } else if ranges.last?.contains(key) != true {
                ranges.append(key...key)
            }
        }
    }

    /// Whether no key is stored.
    public var isEmpty: Bool { ranges.isEmpty }

    /// The number of keys stored.
    public var count: Int { ranges.reduce(0) { $0 + Int($1.upperBound - $1.lowerBound) + 1 } }

    /// Whether `key` is in the set (binary search over the ranges).
    public func contains(_ key: UInt64) -> Bool {
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound < key { low = mid + 1 } else { high = mid }
        }
        return low < ranges.count && ranges[low].contains(key)
    }

    /// Decodes `[[first, last], …]`.
    public init(from decoder: any Decoder) throws {
        let pairs = try decoder.singleValueContainer().decode([[UInt64]].self)
        ranges = try pairs.map { pair in
            guard pair.count == 2, pair[0] <= pair[1] else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad row key range \(pair)"))
            }
            return pair[0]...pair[1]
        }
    }

    /// Encodes `[[first, last], …]`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(ranges.map { [$0.lowerBound, $0.upperBound] })
    }
}
