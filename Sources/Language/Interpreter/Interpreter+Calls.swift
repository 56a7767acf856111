import Learning
import Numerics
import Tables

/// Calling built-in functions: arity and types are checked here, once.
extension Interpreter {
    func call(_ function: Name, _ arguments: [Argument], _ range: SourceRange) throws(Diagnostic) -> Value {
        guard let builtin = Builtins.table[function.text] else {
            var message = "unknown function '\(function.text)'"
            if let suggestion = Spelling.closest(to: function.text, among: Builtins.names) { message += "; did you mean '\(suggestion)'?" }
            throw error(message, function.range)
        }
        var ranges = [SourceRange]()
        let checked = try bind(builtin, arguments, range, ranges: &ranges)
        try checkCancellation(range)
        do {
            return try builtin.body(self, checked)
        } catch let failure as BuiltinError {
            let at = failure.argument.flatMap { $0 < ranges.count ? ranges[$0] : nil } ?? range
            throw error("\(builtin.name)(): \(failure.message)", at)
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch is TrainingInterrupted {
            throw interrupted(range)
        } catch let failure as NumericsError {
            throw error("\(builtin.name)(): \(vectorNotSquare(failure, checked) ?? failure.description)", range)
        } catch let failure as DataError {
            throw error("\(builtin.name)(): \(failure.message)", range)
        } catch {
            throw self.error("\(builtin.name)(): \(error)", range)
        }
    }

    /// A vector given for a square matrix is taken as a column, as `hstack` takes it; the
    /// shape in the numeric error (2×1) would not say where that column came from.
    private func vectorNotSquare(_ failure: NumericsError, _ arguments: Arguments) -> String? {
        guard case .notSquare = failure, let first = arguments.values.first, matrixOperand(first) == nil,
            let vector = vectorOperand(first) else { return nil }
        return "needs a square matrix, got a vector of length \(vector.count), which a matrix argument takes as a \(vector.count)×1 column"
    }

    /// Matches arguments to parameters (positional, then by label), fills
    /// defaults and checks each value's kind.
    func bind(_ builtin: Builtin, _ arguments: [Argument], _ range: SourceRange, ranges: inout [SourceRange]) throws(Diagnostic) -> Arguments {
        var slots = [Value?](repeating: nil, count: builtin.parameters.count)
        var slotRanges = [SourceRange?](repeating: nil, count: builtin.parameters.count)
        var rest = [Value]()
        var position = 0
        for argument in arguments {
            let value = try evaluate(argument.value)
            if let label = argument.label {
                guard let index = builtin.parameters.firstIndex(where: { $0.name == label.text }) else {
                    throw error("\(builtin.name)() has no parameter '\(label.text)'", label.range, notes: ["help: \(builtin.signature)"])
                }
                guard slots[index] == nil else { throw error("\(builtin.name)(): '\(label.text)' is given twice", label.range) }
                slots[index] = value
                slotRanges[index] = argument.value.range
            } else if position < slots.count {
                slots[position] = value
                slotRanges[position] = argument.value.range
                position += 1
            } else if let kind = builtin.variadicKind {
                try check(value, kind, builtin, "argument \(position + rest.count + 1)", argument.value.range)
                rest.append(value)
            } else {
                let count = builtin.parameters.count
                throw error("\(builtin.name)() takes \(count) argument\(count == 1 ? "" : "s"), got \(arguments.count)", argument.value.range, notes: ["help: \(builtin.signature)"])
            }
        }
        var values = [Value]()
        for (index, parameter) in builtin.parameters.enumerated() {
            guard let value = slots[index] ?? parameter.defaultValue else {
                throw error("\(builtin.name)() needs an argument for '\(parameter.name)'", range, notes: ["help: \(builtin.signature)"])
            }
            if slots[index] != nil { try check(value, parameter.kind, builtin, "'\(parameter.name)'", slotRanges[index]!) }
            values.append(value)
        }
        ranges = slotRanges.map { $0 ?? range }
        return Arguments(values: values, rest: rest, callRange: range)
    }

    private func check(_ value: Value, _ kind: Builtin.Kind, _ builtin: Builtin, _ what: String, _ range: SourceRange) throws(Diagnostic) {
        let fits: Bool
        switch kind {
        case .any: fits = true
        case .number: if case .number = value { fits = true } else { fits = false }
        case .integer: if case .number(let x) = value, x == x.rounded(), abs(x) < 9e15 { fits = true } else { fits = false }
        case .string: if case .string = value { fits = true } else { fits = false }
        case .boolean: if case .boolean = value { fits = true } else { fits = false }
        case .numbers:
            // [] is a list, having no element to tell otherwise; as numbers it is the empty vector.
            fits = vectorOperand(value) != nil || { if case .vector = value { true } else { false } }() || value == .list([])
        case .entries:
            fits = vectorOperand(value) != nil || matrixOperand(value) != nil || { if case .vector = value { true } else { false } }() || value == .list([])
        case .matrix: fits = matrixOperand(value) != nil || vectorOperand(value) != nil
        case .table: fits = value.tableValue != nil
        case .list: if case .list = value { fits = true } else if case .vector = value { fits = true } else { fits = false }
        }
        guard fits else {
            let expected = switch kind {
            case .numbers: "numbers (a vector or numeric column)"
            case .entries: "numbers (a vector, numeric column or matrix)"
            case .integer: "a whole number"
            default: "a \(kind.rawValue)"
            }
            throw error("\(builtin.name)(): \(what) must be \(expected), got \(describe(value))", range)
        }
    }
}
