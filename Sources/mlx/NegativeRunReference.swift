import Runs

/// `mlx show -1`: ArgumentParser reads `-1` as an option and answers that the
/// run is missing, which does not say why. Python's habit of counting from the
/// end is natural to reach for here, so the commands that take a RUN say what
/// to write instead.
enum NegativeRunReference {
    /// Arrays, not sets: this runs on every command line, `mlx run`'s included,
    /// and a set's first use makes the runtime search its conformance records.
    static let commands = ["show", "diff", "export", "replay"]
    /// Options of those commands that take a value, which may be anything.
    static let valueOptions = ["--store", "--to", "-o", "--output"]

    /// The message for `arguments` (the whole command line) if a RUN is given as `-N`.
    static func problem(in arguments: [String]) -> String? {
        guard arguments.dropFirst().contains(where: isNegativeNumber) else { return nil }
        var commandSeen = false
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            if valueOptions.contains(argument) {
                index += 2
                continue
            }
            if argument == "--" { return nil }
            if !commandSeen {
                if !argument.hasPrefix("-") {
                    guard commands.contains(argument) else { return nil }
                    commandSeen = true
                }
                index += 1
                continue
            }
            if isNegativeNumber(argument) {
                let suggestion = Int(argument).map(RunStore.countingBack(from:)) ?? "last"
                return "'\(argument)' reads as an option: name the run by its number, last or last~N (for \(argument), \(suggestion))"
            }
            index += 1
        }
        return nil
    }

    /// `-` and one or more ASCII digits.
    private static func isNegativeNumber(_ argument: String) -> Bool {
        let bytes = argument.utf8
        return bytes.count > 1 && bytes.first == UInt8(ascii: "-") && bytes.dropFirst().allSatisfy { (0x30...0x39).contains($0) }
    }
}
