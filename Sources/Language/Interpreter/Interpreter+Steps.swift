import Tables

/// Turning the lines of a `preprocess` block into preprocessing steps.
///
/// A step line is a step name, then words: bare or quoted column names, and
/// for some steps a method or value first; options follow `with`.
extension Interpreter {
    /// The step names the language knows, with a one-line description (for `:help`).
    public static let preprocessingSteps: [(name: String, usage: String)] = [
        ("drop_missing", "drop_missing [columns] — drop rows with a missing value"),
        ("fill_missing", "fill_missing mean|median|most_frequent [columns], or fill_missing constant VALUE [columns]"),
        ("standardize", "standardize [columns] — (x − mean) / sd, fitted"),
        ("minmax", "minmax [columns] — scale to [0, 1], fitted"),
        ("one_hot", "one_hot [columns] [with unknown = \"ignore\"|\"error\", missing = \"zeros\"|\"indicator\"]"),
        ("ordinal", "ordinal [columns] [with unknown = \"error\"|\"missing\"]"),
        ("log", "log [columns] [with plus_one = true]"),
        ("clip", "clip [columns] with lower = A, upper = B"),
        ("polynomial", "polynomial [columns] [with degree = 2, interaction_only = false, bias = false]"),
        ("bin", "bin [columns] [with bins = 5, strategy = \"quantile\"|\"uniform\", output = \"ordinal\"|\"categorical\"]"),
        ("select", "select columns — keep only these columns"),
        ("drop", "drop columns — remove these columns"),
    ]

    func makeStep(_ step: PreprocessStep, _ table: Table) throws(Diagnostic) -> any PreprocessingStep {
        var words = step.words
        let options = try stepOptions(step)
        func columns() throws(Diagnostic) -> [String]? {
            let names = try words.map { (word) throws(Diagnostic) -> String in try columnWord(word) }
            for (name, word) in zip(names, words) where !table.hasColumn(name) && !isGeneratedLater(name) {
                throw error(DataError.unknownColumn(name, among: table.columnNames).message, word.range)
            }
            return names.isEmpty ? nil : names
        }
        func option<T>(_ name: String, _ parse: (Value) -> T?, default fallback: T, _ expected: String) throws(Diagnostic) -> T {
            guard let (value, range) = options[name] else { return fallback }
            guard let parsed = parse(value) else { throw error("\(step.name.text): \(name) must be \(expected)", range) }
            return parsed
        }
        let number: (Value) -> Double? = { if case .number(let x) = $0 { x } else { nil } }
        let boolean: (Value) -> Bool? = { if case .boolean(let b) = $0 { b } else { nil } }
        let text: (Value) -> String? = { if case .string(let s) = $0 { s } else { nil } }
        switch step.name.text {
        case "drop_missing": return DropMissing(try columns())
        case "fill_missing":
            let strategy = try fillStrategy(&words, step)
            return FillMissing(strategy, columns: try columns())
        case "standardize": return Standardize(try columns())
        case "minmax": return MinMaxScale(try columns())
        case "one_hot":
            let unknown = try option("unknown", { text($0).flatMap(OneHotEncode.UnknownPolicy.init(rawValue:)) }, default: .ignore, "\"ignore\" or \"error\"")
            let missing = try option("missing", { v in text(v).flatMap { $0 == "zeros" ? .allZeros : $0 == "indicator" ? .indicator : nil } }, default: OneHotEncode.MissingPolicy.allZeros, "\"zeros\" or \"indicator\"")
            return OneHotEncode(try columns(), unknown: unknown, missing: missing)
        case "ordinal":
            let unknown = try option("unknown", { text($0).flatMap(OrdinalEncode.UnknownPolicy.init(rawValue:)) }, default: .error, "\"error\" or \"missing\"")
            return OrdinalEncode(try columns(), unknown: unknown)
        case "log": return LogTransform(try columns(), plusOne: try option("plus_one", boolean, default: false, "true or false"))
        case "clip":
            let lower = try option("lower", { number($0).map(Optional.some) }, default: nil, "a number")
            let upper = try option("upper", { number($0).map(Optional.some) }, default: nil, "a number")
            guard lower != nil || upper != nil else { throw error("clip needs 'with lower = …' or 'upper = …'", step.range) }
            return Clip(try columns(), lower: lower, upper: upper)
        case "polynomial":
            let degree = try option("degree", { number($0).flatMap { $0 >= 1 && $0 <= 10 && $0 == $0.rounded() ? Int($0) : nil } }, default: 2, "a whole number from 1 to 10")
            return PolynomialFeatures(
                try columns(), degree: degree, interactionOnly: try option("interaction_only", boolean, default: false, "true or false"),
                includeBias: try option("bias", boolean, default: false, "true or false"))
        case "bin":
            let bins = try option("bins", { number($0).flatMap { $0 >= 1 && $0 <= 1000 && $0 == $0.rounded() ? Int($0) : nil } }, default: 5, "a whole number from 1 to 1000")
            let strategy = try option("strategy", { text($0).flatMap(Binning.Strategy.init(rawValue:)) }, default: .quantile, "\"quantile\" or \"uniform\"")
            let output = try option("output", { text($0).flatMap(Binning.Output.init(rawValue:)) }, default: .ordinal, "\"ordinal\" or \"categorical\"")
            return Binning(try columns(), binCount: bins, strategy: strategy, output: output)
        case "select", "drop":
            guard let names = try columns() else { throw error("\(step.name.text) needs at least one column", step.range) }
            return step.name.text == "select" ? SelectColumns(names) : DropColumns(names)
        default:
            var message = "unknown preprocessing step '\(step.name.text)'"
            if let s = Spelling.closest(to: step.name.text, among: Interpreter.preprocessingSteps.map(\.name)) { message += "; did you mean '\(s)'?" }
            throw error(message, step.name.range, notes: ["help: steps are " + Interpreter.preprocessingSteps.map(\.name).joined(separator: ", ")])
        }
    }

    /// Columns made by an earlier step (one-hot, polynomial) are checked when that step runs.
    private func isGeneratedLater(_ name: String) -> Bool { name.contains("=") || name.contains("^") || name.contains("*") }

    private func fillStrategy(_ words: inout [Expression], _ step: PreprocessStep) throws(Diagnostic) -> FillMissing.Strategy {
        guard let first = words.first, case .name(let method) = first.kind else {
            throw error("fill_missing needs a method: mean, median, most_frequent or constant", step.name.range)
        }
        words.removeFirst()
        switch method {
        case "mean": return .mean
        case "median": return .median
        case "most_frequent": return .mostFrequent
        case "constant":
            guard let valueWord = words.first else { throw error("fill_missing constant needs a value", first.range) }
            words.removeFirst()
            switch try evaluate(valueWord) {
            case .number(let x): return .constant(.number(x))
            case .string(let s): return .constant(.text(s))
            case .boolean(let b): return .constant(.boolean(b))
            case let other: throw typeError("fill_missing constant", expected: "a number, string or boolean", got: other, valueWord.range)
            }
        default:
            throw error("unknown fill method '\(method)'; use mean, median, most_frequent or constant", first.range)
        }
    }

    private func columnWord(_ word: Expression) throws(Diagnostic) -> String {
        switch word.kind {
        case .name(let name), .string(let name): return name
        default: throw error("expected a column name", word.range)
        }
    }

    /// The `with` options each step accepts.
    private static let stepOptionNames: [String: [String]] = [
        "one_hot": ["unknown", "missing"], "ordinal": ["unknown"], "log": ["plus_one"], "clip": ["lower", "upper"],
        "polynomial": ["degree", "interaction_only", "bias"], "bin": ["bins", "strategy", "output"],
    ]

    private func stepOptions(_ step: PreprocessStep) throws(Diagnostic) -> [String: (Value, SourceRange)] {
        var options = [String: (Value, SourceRange)]()
        let allowed = Interpreter.stepOptionNames[step.name.text] ?? []
        for argument in step.options {
            guard let label = argument.label else { continue }
            guard allowed.contains(label.text) else {
                var message = "\(step.name.text) has no option '\(label.text)'"
                if let s = Spelling.closest(to: label.text, among: allowed) { message += "; did you mean '\(s)'?" }
                else if !allowed.isEmpty { message += " (options: \(allowed.joined(separator: ", ")))" }
                throw error(message, label.range)
            }
            options[label.text] = (try evaluate(argument.value), argument.value.range)
        }
        return options
    }
}
