/// `mlx show -1`: ArgumentParser reads `-1` as an option and answers that the
/// run is missing, which does not say why. Python's habit of counting from the
/// end is natural to reach for here, so the commands that take a RUN say what
/// to write instead.
enum NegativeRunReference {
    static let commands: Set<String> = ["show", "diff", "export", "replay"]
    /// Options of those commands that take a value, which may be anything.
    static let valueOptions: Set<String> = ["--store", "--to", "-o", "--output"]

    /// The message for `arguments` (the whole command line) if a RUN is given as `-N`.
    static func problem(in arguments: [String]) -> String? {
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
            if argument.count > 1, argument.first == "-", argument.dropFirst().allSatisfy(\.isASCIIDigit) {
                let back = Int(argument.dropFirst()).map { $0 - 1 } ?? 0
                let suggestion = back <= 0 ? "last" : "last~\(back)"
                return "'\(argument)' reads as an option: name the run by its number, last or last~N (for \(argument), \(suggestion))"
            }
            index += 1
        }
        return nil
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
