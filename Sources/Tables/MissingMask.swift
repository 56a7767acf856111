/// Which rows of a column are missing, as a bit set.
///
/// An empty mask (the common case) costs nothing; bits are allocated on the
/// first missing value.
public struct MissingMask: Equatable, Hashable, Sendable {
    private var words: [UInt64] = []
    /// Number of missing entries.
    public private(set) var count = 0

    /// A mask with no missing entries.
    public init() {}

    /// A mask marking the given row indices as missing.
    public init<S: Sequence>(missingRows rows: S) where S.Element == Int {
        for row in rows { insert(row) }
    }

    /// True when no entry is missing.
    public var isEmpty: Bool { count == 0 }

    /// Whether `row` is missing.
    @inline(__always)
    public func contains(_ row: Int) -> Bool {
        let word = row >> 6
        return word < words.count && words[word] & (1 << UInt64(row & 63)) != 0
    }

    /// Marks `row` as missing.
    public mutating func insert(_ row: Int) {
        let word = row >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        let bit: UInt64 = 1 << UInt64(row & 63)
        if words[word] & bit == 0 {
            words[word] |= bit
            count += 1
        }
    }

    /// The missing row indices in increasing order.
    public var rows: [Int] {
        var result = [Int]()
        result.reserveCapacity(count)
        for (w, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                result.append(w << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return result
    }

    /// The mask of a row selection: entry k is missing when row `indices[k]` was.
    public func selecting(_ indices: [Int]) -> MissingMask {
        guard !isEmpty else { return MissingMask() }
        var mask = MissingMask()
        for (k, row) in indices.enumerated() where contains(row) { mask.insert(k) }
        return mask
    }

    /// This mask followed by `other` shifted by `offset` rows.
    public func appending(_ other: MissingMask, offset: Int) -> MissingMask {
        var mask = self
        for row in other.rows { mask.insert(offset + row) }
        return mask
    }
}
