extension Value {
    /// The most lists and records a value may nest one inside another, as many as a statement
    /// may nest brackets. Freeing, showing, comparing and digesting a value recurse once per
    /// level, so a value wrapped again and again in a loop (`l = [l]`) would otherwise exhaust
    /// the stack long after it was built.
    public static let nestingLimit = Parser.nestingLimit
}

/// Measures how deeply lists and records nest in a value, giving up as soon as the depth
/// passes `Value.nestingLimit`, so that wrapping a value costs at most a walk down the
/// levels it already has.
///
/// A container it has measured is remembered by the address of its elements, which the
/// value being measured keeps alive: a value that holds one list many times (`x = [x, x]`
/// in a loop) is walked once per level, not once per path.
struct NestingDepth {
    private var known: [UnsafeRawPointer: Int] = [:]

    /// The number of lists and records nested in `value`, counting itself (0 for a number,
    /// 1 for `[1, "a"]`, 2 for `[[1, "a"]]`); nil when that is more than the limit.
    mutating func of(_ value: Value) -> Int? { depth(of: value, level: 0) }

    /// `level` is the number of containers around `value`.
    private mutating func depth(of value: Value, level: Int) -> Int? {
        switch value {
        case .list(let values):
            return values.withUnsafeBufferPointer { depth(of: $0, at: $0.baseAddress.map(UnsafeRawPointer.init), level: level) }
        case .record(let record):
            return record.fields.withUnsafeBufferPointer { fields in
                depth(of: fields.lazy.map { $0.value }, at: fields.baseAddress.map(UnsafeRawPointer.init), level: level)
            }
        default:
            return 0
        }
    }

    private mutating func depth(of elements: some Collection<Value>, at address: UnsafeRawPointer?, level: Int) -> Int? {
        guard level < Value.nestingLimit else { return nil }
        guard let address, !elements.isEmpty else { return 1 }
        if let measured = known[address] { return level + measured <= Value.nestingLimit ? measured : nil }
        var deepest = 0
        for element in elements {
            switch element {
            case .list, .record:
                guard let inner = depth(of: element, level: level + 1) else { return nil }
                deepest = Swift.max(deepest, inner)
            default:
                continue
            }
        }
        known[address] = deepest + 1
        return deepest + 1
    }
}

extension Interpreter {
    /// Refuses a list or record that nests more than `Value.nestingLimit` levels, where it is built.
    func checkNesting(_ value: Value, _ range: SourceRange) throws(Diagnostic) {
        var depth = NestingDepth()
        guard depth.of(value) != nil else {
            throw error("too deeply nested: a value may hold at most \(Value.nestingLimit) levels of lists and records", range)
        }
    }
}
