import Language
import Tables

/// The text `:help` shows, built from the tables of meta commands, built-in
/// functions and preprocessing steps so it cannot go stale.
public enum ReplHelp {
    /// Built-in categories in the order the reference lists them.
    public static var categories: [String] {
        var result = [String]()
        for b in Builtins.all where !result.contains(b.category) { result.append(b.category) }
        return result
    }

    /// Help for `topic`, or for the session as a whole when nil.
    /// - Returns: the text, or a message when the topic is unknown.
    public static func text(for topic: String?) -> Result<String, MetaCommandError> {
        guard let topic else { return .success(overview) }
        if let builtin = Builtins.table[topic] {
            return .success("\(builtin.signature)\n  \(builtin.help)\n  category: \(builtin.category)")
        }
        if topic.lowercased() == "steps" { return .success(steps) }
        if let category = categories.first(where: { $0.lowercased() == topic.lowercased() }) {
            return .success(self.category(category))
        }
        var message = "no help on '\(topic)'"
        if let s = Spelling.closest(to: topic, among: Builtins.names + categories + ["steps"]) { message += "; did you mean '\(s)'?" }
        return .failure(MetaCommandError(message + " (:help lists the topics)"))
    }

    static var overview: String {
        let usages = MetaCommand.all.map { ":" + $0.name + ($0.argument.isEmpty ? "" : " " + $0.argument) }
        // Two spaces after the longest usage, as in the other columns of help.
        let width = (usages.map(DisplayWidth.of).max() ?? 0) + 2
        var lines = ["Meta commands:"]
        for (usage, command) in zip(usages, MetaCommand.all) {
            lines.append("  " + DisplayWidth.pad(usage, to: width) + command.summary)
        }
        lines += ["", "Built-in functions (:help CATEGORY lists one category, :help NAME explains a function):"]
        for category in categories {
            lines.append("  \(category): " + Builtins.all.filter { $0.category == category }.map(\.name).joined(separator: ", "))
        }
        lines += [
            "",
            "Preprocessing steps: :help steps",
            "Earlier values: _ is the last value shown, out(n) the value of cell [n].",
            "A statement left open (bracket, `for …:` or `preprocess …:` block) continues on the",
            "next line; an empty line ends a block.",
            "Keys: Tab completes, Up/Down recall history, Ctrl-R searches it, Ctrl-C clears the line or",
            "interrupts a running cell, Ctrl-D leaves.",
        ]
        return lines.joined(separator: "\n")
    }

    static var steps: String {
        (["Preprocessing steps (one per line inside `preprocess TABLE:`):"] + Interpreter.preprocessingSteps.map { "  " + $0.usage })
            .joined(separator: "\n")
    }

    static func category(_ name: String) -> String {
        let builtins = Builtins.all.filter { $0.category == name }
        let width = builtins.map { DisplayWidth.of($0.signature) }.max() ?? 0
        return ([name + ":"] + builtins.map { "  " + DisplayWidth.pad($0.signature, to: width + 2) + $0.help }).joined(separator: "\n")
    }
}
