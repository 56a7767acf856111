/// Variables by name, each in a numbered slot so that compiled loop bodies
/// reach them by index instead of hashing the name on every access.
struct VariableStore {
    private var slotOf: [String: Int] = [:]
    private var names: [String] = []
    private var values: [Value?] = []

    /// The slot of `name`, created (unset) on first use.
    mutating func slot(_ name: String) -> Int {
        if let slot = slotOf[name] { return slot }
        slotOf[name] = values.count
        names.append(name)
        values.append(nil)
        return values.count - 1
    }

    subscript(name: String) -> Value? {
        get { slotOf[name].flatMap { values[$0] } }
        set { values[slot(name)] = newValue }
    }

    subscript(slot slot: Int) -> Value? {
        get { values[slot] }
        set { values[slot] = newValue }
    }

    /// The name of a slot.
    func name(of slot: Int) -> String { names[slot] }

    /// Every set variable.
    var all: [String: Value] {
        var result = [String: Value]()
        for (slot, name) in names.enumerated() { if let value = values[slot] { result[name] = value } }
        return result
    }
}
