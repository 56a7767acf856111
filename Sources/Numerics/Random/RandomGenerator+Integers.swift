extension RandomGenerator {
    /// An unbiased integer in [0, bound) by Lemire's multiply-shift with rejection.
    ///
    /// `bound == 0` stands for 2^64 and returns `next()` unchanged. The rejection threshold is
    /// `2^64 mod bound`; a draw whose low product word is below it is redrawn.
    mutating func bounded(_ bound: UInt64) -> UInt64 {
        guard bound != 0 else { return next() }
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// An unbiased integer in `range`, each value equally likely.
    ///
    /// Computed as `lower + bounded(upper − lower + 1)` in two's-complement arithmetic, so the
    /// full `Int.min...Int.max` range returns `Int.min &+ next()`, one raw draw with its top bit flipped.
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound)) &+ 1
        return range.lowerBound &+ Int(truncatingIfNeeded: bounded(width))
    }

    /// An unbiased integer in the half-open `range`.
    /// - Throws: `NumericsError.invalidArgument` when the range is empty.
    public mutating func integer(in range: Range<Int>) throws -> Int {
        guard !range.isEmpty else {
            throw NumericsError.invalidArgument(operation: "integer", detail: "empty range \(range)")
        }
        return integer(in: range.lowerBound...(range.upperBound - 1))
    }

    /// Shuffles `array` in place with the Fisher–Yates algorithm.
    ///
    /// Runs from the last index down: for i = n−1 … 1 it swaps element i with element
    /// `integer(in: 0...i)`, drawing exactly n−1 bounded integers.
    public mutating func shuffle<Element>(_ array: inout [Element]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = Int(bounded(UInt64(i + 1)))
            array.swapAt(i, j)
        }
    }

    /// A shuffled copy of `array`, identical to what `shuffle(_:)` would produce in place.
    public mutating func shuffled<Element>(_ array: [Element]) -> [Element] {
        var copy = array
        shuffle(&copy)
        return copy
    }

    /// `count` indices drawn from 0..<n.
    ///
    /// With replacement, each index is `integer(in: 0..<n)` in turn. Without replacement, a
    /// partial Fisher–Yates runs forward over 0..<n: for i = 0 … count−1 it swaps position i with
    /// position `i + bounded(n − i)` and the first `count` positions are the result, in draw order.
    /// - Throws: `NumericsError.invalidArgument` when `count` or `n` is negative, when
    ///   `count > n` without replacement, or when `n == 0` and `count > 0` with replacement.
    public mutating func sample(count: Int, from n: Int, replace: Bool = false) throws -> [Int] {
        guard count >= 0, n >= 0 else {
            throw NumericsError.invalidArgument(operation: "sample", detail: "negative count \(count) or size \(n)")
        }
        if replace {
            guard n > 0 || count == 0 else {
                throw NumericsError.invalidArgument(operation: "sample", detail: "cannot draw \(count) from nothing")
            }
            return (0..<count).map { _ in Int(bounded(UInt64(n))) }
        }
        guard count <= n else {
            throw NumericsError.invalidArgument(
                operation: "sample", detail: "cannot draw \(count) distinct indices from \(n)")
        }
        var indices = Array(0..<n)
        for i in 0..<count {
            indices.swapAt(i, i + Int(bounded(UInt64(n - i))))
        }
        return Array(indices.prefix(count))
    }
}
