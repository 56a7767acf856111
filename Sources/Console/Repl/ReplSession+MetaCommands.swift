import Foundation
import Language

/// `:help`, `:vars`, `:history`, `:save`, `:load`, `:reset`, `:time`, `:quit`.
extension ReplSession {
    /// Parses and performs a meta command line; a bad one is reported and
    /// counts as an error.
    func perform(_ line: String) {
        switch MetaCommand.parse(line) {
        case .failure(let failure): fail(failure.message)
        case .success(let command): perform(command)
        }
    }

    /// Performs one meta command.
    public func perform(_ command: MetaCommand) {
        switch command {
        case .help(let topic):
            switch ReplHelp.text(for: topic) {
            case .success(let text): output.write(text)
            case .failure(let failure): fail(failure.message)
            }
        case .vars: output.write(variablesListing())
        case .history:
            output.write(reader.history.enumerated().map { String(format: "%5d  ", $0.offset + 1) + $0.element }.joined(separator: "\n"))
        case .save(let path): save(to: path)
        case .load(let path): load(path)
        case .reset:
            // Recorded as a cell: a replay must forget the same state at the same point.
            recorder?.beginCell()
            interpreter.reset()
            savedCells = []
            output.write("all variables and cell values forgotten; numbering goes on at [\(cellCount + 1)]")
            recorder?.endCell(number: 0, source: ":reset", succeeded: true, valueDigest: nil)
        case .time:
            showsTimes.toggle()
            output.write("cell times \(showsTimes ? "on" : "off")")
        case .quit: finished = true
        }
    }

    func fail(_ message: String) {
        output.error(message)
        record(.runtimeError)
    }

    // MARK: :vars

    /// One line per variable: name, type and a one-line value.
    func variablesListing() -> String {
        let names = interpreter.variables.keys.sorted()
        guard !names.isEmpty else { return "no variables yet" }
        let rows = names.map { name -> [String] in
            let value = interpreter.variables[name]!
            let brief = output.renderer.renderInline(value).split(separator: "\n").first.map(String.init) ?? ""
            return [name, value.typeName, DisplayWidth.truncate(brief, to: 60)]
        }
        let widths = (0..<2).map { c in rows.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
        return rows.map { DisplayWidth.pad($0[0], to: widths[0]) + "  " + DisplayWidth.pad($0[1], to: widths[1]) + "  " + $0[2] }.joined(
            separator: "\n")
    }

    // MARK: :save and :load

    /// Writes the cells that ran without error as a script `mlx run` accepts.
    func save(to path: String) {
        guard !savedCells.isEmpty else { return fail("nothing to save: no cell has run without an error yet") }
        let header =
            "# mlx session: \(savedCells.count) cell\(savedCells.count == 1 ? "" : "s") saved with :save; run it with `mlx run \(path)`\n"
        let resolved = host.resolve(path)
        do {
            try ReportFile.write(header + savedCells.joined(separator: "\n") + "\n", to: resolved)
        } catch {
            return fail("cannot write \(path): \(PathProblem.writing((try? ReportFile.destination(of: resolved))?.path ?? resolved))")
        }
        output.write("saved \(savedCells.count) cell\(savedCells.count == 1 ? "" : "s") to \(path)")
        if savedCells.contains(where: { $0.contains("out(") }) {
            output.write("note: out(n) counts top-level statements in a script, which may differ from this session's cell numbers")
        }
    }

    /// Runs each top-level statement of a script as its own cell; stops at
    /// the first runtime error (later statements usually depend on it).
    func load(_ path: String) {
        let source: SourceFile
        do throws(ScriptFile.Refusal) {
            source = try ScriptFile.read(host.resolve(path), name: path)
        } catch {
            return fail(error.message)
        }
        let (program, errors) = Parser.parse(source)
        guard errors.isEmpty else {
            output.report(errors)
            record(.syntaxError)
            return
        }
        for (statement, text) in zip(program.statements, program.statementTexts) {
            cellCount += 1
            if interactive { output.write(echo(text, cell: cellCount)) }
            recorder?.beginCell()
            let ran = timed {
                let ran = execute([statement], in: source, cell: cellCount)
                recorder?.endCell(
                    number: cellCount, source: text, succeeded: ran == 1, value: lastCellDigest, interrupted: lastCellInterrupted)
                return ran
            }
            guard ran == 1 else {
                return output.error(
                    "stopped loading \(path) at line \(source.line(of: statement.range.start)); the cells before it keep their results")
            }
            savedCells.append(text)
        }
    }

    /// A loaded statement shown as if typed at the prompt.
    private func echo(_ text: String, cell: Int) -> String {
        let first = "[\(cell)] "
        let continuation = String(repeating: " ", count: Swift.max(0, first.count - 4)) + "...: "
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            ($0.offset == 0 ? first : continuation) + $0.element
        }.joined(separator: "\n")
    }
}
