import Numerics
import Tables

/// `load`, `split` and `preprocess`.
extension Interpreter {
    // load "path" [with format = "tsv", delimiter = ";", header = true, missing = ["NA"], types = {zip: "text"}]
    func load(_ pathExpression: Expression, _ options: [Argument], _ range: SourceRange) throws(Diagnostic) -> Value {
        guard case .string(let path) = try evaluate(pathExpression), !path.isEmpty else {
            throw error("load needs a file path in quotes", pathExpression.range)
        }
        let loadOptions = try self.loadOptions(options, path: path)
        do {
            let loaded = try host.loadTable(path: path, options: loadOptions)
            sink?.emit(.dataLoaded(path: path, fingerprint: loaded.fingerprint))
            warnOfNumbersReadAsText(in: loaded.table, path: path, options: loadOptions, range)
            return .table(loaded.table)
        } catch let failure as DataError {
            throw error(failure.description, pathExpression.range)
        } catch {
            throw self.error("cannot load \(path): \(error)", pathExpression.range)
        }
    }

    /// A numeric column spoilt by a value or two loads as categories, and says so only much later
    /// ("feature column 'age' is categorical"): the load names the value and how to find it.
    private func warnOfNumbersReadAsText(in table: Table, path: String, options: LoadOptions, _ range: SourceRange) {
        for column in table.columns where options.columnTypes[column.name] == nil {
            guard let found = NumbersReadAsText.find(in: column) else { continue }
            let others = found.others == 1 ? "is not a number" : "and \(found.others - 1) other value\(found.others == 2 ? "" : "s") are not numbers"
            let literal = "'" + found.firstOther.visible + "'"
            var help = ["help: give types = {\(Self.recordKey(column.name)): \"number\"} to have the load refuse it at its line"]
            if options.resolvedFormat(forName: path) != .jsonLines { help.append("help: or missing = [\(Builtins.literal(.string(found.firstOther)))] if it marks a missing value") }
            let message = "\(path): column '\(column.name.visible)' is read as \(column.type), though \(found.numbers) of its \(found.numbers + found.others) values are numbers: \(literal) (row \(found.firstOtherRow + 1)) \(others)"
            sink?.emit(.warning(Diagnostic(.warning, message, at: range, in: source, notes: help)))
        }
    }

    /// A column name as a record's key that reads back: bare when it is a plain name, a string
    /// literal (quotes and control characters escaped) otherwise.
    private static func recordKey(_ name: String) -> String {
        let plain = name.first.map { $0.isLetter || $0 == "_" } == true && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return plain ? name : Builtins.literal(.string(name))
    }

    private func loadOptions(_ arguments: [Argument], path: String) throws(Diagnostic) -> LoadOptions {
        let options = try loadOptions(arguments)
        guard options.resolvedFormat(forName: path) == .jsonLines else { return options }
        // Ignoring them would leave the reader believing they were applied.
        for argument in arguments {
            guard let label = argument.label, Self.textOnlyLoadOptions.contains(label.text) else { continue }
            throw error("option '\(label.text)' does not apply to JSON Lines, only to CSV and TSV", label.range)
        }
        return options
    }

    /// The `load` options that describe delimited text, which JSON Lines is not.
    private static let textOnlyLoadOptions: Set<String> = ["delimiter", "header", "missing"]

    private func loadOptions(_ arguments: [Argument]) throws(Diagnostic) -> LoadOptions {
        var options = LoadOptions()
        for argument in arguments {
            guard let label = argument.label else { continue }
            let value = try evaluate(argument.value)
            let range = argument.value.range
            switch (label.text, value) {
            case ("format", .string(let f)):
                guard let format = ["csv": LoadOptions.Format.csv, "tsv": .tsv, "jsonl": .jsonLines, "json_lines": .jsonLines][f] else {
                    throw error("format must be \"csv\", \"tsv\" or \"jsonl\"", range)
                }
                options.format = format
            case ("delimiter", .string(let d)):
                guard d.utf8.count == 1, let byte = d.utf8.first, byte < 0x80 else { throw error("delimiter must be one ASCII character", range) }
                guard !Array("\n\r\"".utf8).contains(byte) else {
                    throw error("delimiter cannot be a line break or '\"': those end records and quote fields", range)
                }
                options.delimiter = byte
            case ("header", .boolean(let h)): options.header = h ? .present : .absent
            case ("missing", .list(let tokens)):
                options.missingTokens = try tokens.map { (token) throws(Diagnostic) -> String in
                    guard case .string(let s) = token else { throw error("missing must be a list of strings", range) }
                    return s
                }
            case ("missing", .string(let token)): options.missingTokens = [token]
            case ("types", .record(let record)):
                for field in record.fields {
                    guard case .string(let name) = field.value, let type = ColumnType(rawValue: name) else {
                        throw error("types maps columns to \"number\", \"integer\", \"boolean\", \"categorical\" or \"text\"", range)
                    }
                    options.columnTypes[field.name] = type
                }
            default:
                let known = ["format", "delimiter", "header", "missing", "types"]
                guard known.contains(label.text) else {
                    var message = "load has no option '\(label.text)'"
                    if let s = Spelling.closest(to: label.text, among: known) { message += "; did you mean '\(s)'?" }
                    throw error(message, label.range)
                }
                throw error("option '\(label.text)' cannot be \(value.typeName)", range)
            }
        }
        return options
    }

    // split table fraction [stratify column]
    func split(_ tableExpression: Expression, _ fractionExpression: Expression, stratify: Name?, _ range: SourceRange) throws(Diagnostic) -> Value {
        let value = try evaluate(tableExpression)
        guard let table = value.tableValue else { throw typeError("split", expected: "a table", got: value, tableExpression.range) }
        guard case .number(let fraction) = try evaluate(fractionExpression), fraction > 0, fraction < 1 else {
            throw error("the training fraction must be a number between 0 and 1", fractionExpression.range)
        }
        if let stratify, !table.hasColumn(stratify.text) {
            throw error(DataError.unknownColumn(stratify.text, among: table.columnNames).message, stratify.range)
        }
        // The parts of a preprocessed table keep its fitted steps, as every row subset does.
        let parts: (train: Value, test: Value)
        do {
            let rows = try table.splitRows(trainFraction: fraction, stratifyBy: stratify?.text, using: &random)
            parts = (try value.selectingRows(rows.train), try value.selectingRows(rows.test))
        } catch let failure as DataError {
            throw error(failure.message, range)
        } catch {
            throw self.error("\(error)", range)
        }
        if case .preprocessed(let p) = value, let test = parts.test.tableValue, let leak = p.fitted.leakage(in: test) {
            sink?.emit(.warning(Diagnostic(
                .warning, "preprocessing was fitted before this split: \(leak)", at: range, in: source,
                notes: ["help: split first, then preprocess the training set; the fitted steps are applied to the test set"])))
        }
        return .list([parts.train, parts.test])
    }

    // preprocess table: step…
    func preprocess(_ tableExpression: Expression, _ steps: [PreprocessStep], _ range: SourceRange) throws(Diagnostic) -> Value {
        let value = try evaluate(tableExpression)
        guard let table = value.tableValue else { throw typeError("preprocess", expected: "a table", got: value, tableExpression.range) }
        var built = [any PreprocessingStep]()
        for step in steps { built.append(try makeStep(step, table)) }
        do {
            let preprocessor = Preprocessor(built)
            let (fitted, result) = try preprocessor.fitAndApply(on: table)
            guard case .preprocessed(let earlier) = value else {
                return .preprocessed(PreprocessedTable(table: result, fitted: fitted, preprocessor: preprocessor, source: table))
            }
            // The new steps continue the earlier ones: a model trained on the result must get raw
            // rows through both chains, and the rows the first was fitted on still count as seen.
            let chain = FittedPreprocessor(steps: earlier.fitted.steps + fitted.steps, fittedRows: earlier.fitted.fittedRows)
            return .preprocessed(
                PreprocessedTable(table: result, fitted: chain, preprocessor: Preprocessor(earlier.preprocessor.steps + built), source: earlier.raw))
        } catch {
            throw locateStepFailure(built, steps, table, fallback: range)
        }
    }

    /// Replays the steps one by one to point the error at the step that failed.
    private func locateStepFailure(_ built: [any PreprocessingStep], _ steps: [PreprocessStep], _ table: Table, fallback: SourceRange) -> Diagnostic {
        var current = table
        for (step, syntax) in zip(built, steps) {
            do {
                current = try step.fit(on: current).apply(to: current)
            } catch let failure as DataError {
                return error(failure.message, syntax.range)
            } catch {
                return self.error("\(error)", syntax.range)
            }
        }
        return error("preprocessing failed", fallback)
    }
}
