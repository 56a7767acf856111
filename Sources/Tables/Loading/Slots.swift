/// A fixed array of result slots that parallel workers fill, each slot by exactly one worker.
///
/// Swift 6 does not let worker closures capture a mutable array or a raw
/// pointer; this wrapper is the one place that vouches for the discipline
/// (disjoint writes, reads only after the workers have joined).
final class Slots<Element>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Element?>

    /// `count` empty slots.
    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    /// Slot `index`; set it from one worker only.
    subscript(index: Int) -> Element? {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// Moves the value of slot `index` out, leaving it empty (so the caller holds the only reference).
    func take(_ index: Int) -> Element? {
        defer { storage[index] = nil }
        return storage[index]
    }

    /// Every slot's value moved out in order, through `unwrap` (nil for a slot never set),
    /// after the workers are done. Moving leaves one array of the values, not a copy of the
    /// slots beside it: a million columns' worth is 50 MB.
    func takeAll(_ unwrap: (Element?) -> Element) -> [Element] {
        (0..<storage.count).map { unwrap(take($0)) }
    }
}
