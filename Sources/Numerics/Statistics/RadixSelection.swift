/// Order statistics by most-significant-digit radix selection on the bit
/// patterns of doubles, without copying or reordering the input.
///
/// A double's bits, with the sign bit flipped for positives and all bits
/// flipped for negatives, sort as unsigned integers in the same order as the
/// numbers. One pass histograms the top 16 bits of those keys, which locates
/// the bucket holding each wanted rank; a second pass gathers only the keys of
/// those buckets, and the next 16 bits are resolved on that much smaller set.
/// At most four digit levels exist, so the worst case stays linear (heavy ties
/// included), and the typical cost is two streaming passes over the input,
/// where a selection algorithm copies the input and partitions it in place.
enum RadixSelection {
    /// Below this many candidates a sort is cheaper than another histogram.
    private static let sortThreshold = 4096
    private static let digitBits: UInt64 = 16
    private static let bucketCount = 1 << 16

    /// The result of scanning the input once.
    struct Scan {
        /// Number of non-NaN elements.
        let count: Int
        /// Whether any element is NaN.
        let sawNaN: Bool
    }

    /// Counts the non-NaN elements and notes whether NaN is present.
    static func scan(_ buffer: UnsafeBufferPointer<Double>) -> Scan {
        var nanCount = 0
        for x in buffer where x.isNaN { nanCount += 1 }
        return Scan(count: buffer.count - nanCount, sawNaN: nanCount > 0)
    }

    /// The values at the zero-based `ranks` (each < the number of non-NaN
    /// elements) among the non-NaN elements of `buffer`, in the order of `ranks`.
    static func orderStatistics(_ buffer: UnsafeBufferPointer<Double>, ranks: [Int]) -> [Double] {
        var counts = [Int32](repeating: 0, count: bucketCount)
        let shift = 64 - digitBits
        counts.withUnsafeMutableBufferPointer { histogram in
            for x in buffer where !x.isNaN { histogram[Int(key(x) >> shift)] &+= 1 }
        }
        let targets = locate(ranks, in: counts)
        let gathered = gather(buffer, buckets: targets.map(\.bucket), shift: shift)
        return zip(targets, ranks).map { target, _ in
            let candidates = gathered[target.bucket]!
            return value(select(candidates, rank: target.rankInBucket, shift: shift - digitBits))
        }
    }

    /// The order-preserving unsigned key of a non-NaN double.
    @inline(__always)
    static func key(_ x: Double) -> UInt64 {
        let bits = x.bitPattern
        return bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
    }

    @inline(__always)
    static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }

    private struct Target {
        let bucket: Int
        let rankInBucket: Int
    }

    /// For each rank, the bucket that holds it and its rank within that bucket.
    private static func locate(_ ranks: [Int], in counts: [Int32]) -> [Target] {
        let order = ranks.indices.sorted { ranks[$0] < ranks[$1] }
        var targets = [Target?](repeating: nil, count: ranks.count)
        var bucket = 0, before = 0
        for index in order {
            let rank = ranks[index]
            while before + Int(counts[bucket]) <= rank {
                before += Int(counts[bucket])
                bucket += 1
            }
            targets[index] = Target(bucket: bucket, rankInBucket: rank - before)
        }
        return targets.map { $0! }
    }

    /// The keys of every element whose top digit is one of `buckets`.
    private static func gather(_ buffer: UnsafeBufferPointer<Double>, buckets: [Int], shift: UInt64) -> [Int: [UInt64]] {
        let wanted = Set(buckets)
        var result = [Int: [UInt64]]()
        if wanted.count == 1, let only = wanted.first {
            var keys = [UInt64]()
            for x in buffer where !x.isNaN {
                let k = key(x)
                if Int(k >> shift) == only { keys.append(k) }
            }
            result[only] = keys
            return result
        }
        // A bucket → slot table keeps the per-element test to one load.
        let buckets = Array(wanted)
        var slotOf = [Int16](repeating: -1, count: bucketCount)
        for (slot, bucket) in buckets.enumerated() { slotOf[bucket] = Int16(slot) }
        var slots = [[UInt64]](repeating: [], count: buckets.count)
        slotOf.withUnsafeBufferPointer { table in
            for x in buffer where !x.isNaN {
                let k = key(x)
                let slot = table[Int(k >> shift)]
                if slot >= 0 { slots[Int(slot)].append(k) }
            }
        }
        for (slot, bucket) in buckets.enumerated() { result[bucket] = slots[slot] }
        return result
    }

    /// The key of the given rank among `keys`, which agree on every bit above `shift + 16`.
    private static func select(_ keys: [UInt64], rank: Int, shift: UInt64) -> UInt64 {
        if keys.count <= sortThreshold {
            return keys.sorted()[rank]
        }
        var counts = [Int32](repeating: 0, count: bucketCount)
        let mask = UInt64(bucketCount - 1)
        for k in keys { counts[Int((k >> shift) & mask)] &+= 1 }
        let target = locate([rank], in: counts)[0]
        let next = keys.filter { Int(($0 >> shift) & mask) == target.bucket }
        if shift == 0 { return next[0] }
        return select(next, rank: target.rankInBucket, shift: shift - digitBits)
    }
}
