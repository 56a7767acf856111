import Foundation

/// `mlx export --to ipynb`: a run as a Jupyter notebook (nbformat 4.5), so
/// it opens in Jupyter, VS Code or GitHub's viewer with its outputs in place.
public enum NotebookExport {
    /// The notebook as JSON: a Markdown cell with the run's header, one code
    /// cell per recorded cell (its number as the execution count, what it
    /// printed as a stream output), a Markdown cell with the sections.
    public static func notebook(_ run: RunRecord, timeZone: TimeZone = .gmt) throws -> Data {
        let report = RunReport(run, timeZone: timeZone)
        var cells = [Cell.markdown(id: "run-header", MarkdownExport.header(report))]
        cells += run.cells.enumerated().map { Cell.code($1, id: "cell-\($0 + 1)") }
        let summary = (run.unfinishedNote.map { [MarkdownExport.note($0)] } ?? []) + report.sections.map(MarkdownExport.section)
        cells.append(.markdown(id: "run-summary", summary.joined(separator: "\n\n")))
        let document = Document(cells: cells, metadata: Metadata(run))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document) + Data("\n".utf8)
    }

    /// `text` as nbformat's list of lines, each keeping its line break.
    static func lines(_ text: String) -> [String] {
        var lines = [String](), current = ""
        for character in text {
            current.append(character)
            if character == "\n" || character == "\r\n" {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    // MARK: nbformat 4.5

    private struct Document: Encodable {
        let cells: [Cell]
        let metadata: Metadata
        let nbformat = 4
        let nbformatMinor = 5

        enum CodingKeys: String, CodingKey {
            case cells, metadata, nbformat
            case nbformatMinor = "nbformat_minor"
        }
    }

    /// A notebook cell; code cells carry outputs and an execution count, which
    /// the schema forbids on Markdown cells.
    private struct Cell: Encodable {
        let id: String
        let type: String
        let source: [String]
        let code: (executionCount: Int?, outputs: [StreamOutput])?

        static func markdown(id: String, _ text: String) -> Cell {
            Cell(id: id, type: "markdown", source: lines(text), code: nil)
        }

        static func code(_ cell: RunRecord.Cell, id: String) -> Cell {
            // A failed cell's output is mostly its error, which Jupyter shows on red as standard error.
            let outputs = cell.output.isEmpty ? [] : [StreamOutput(name: cell.failure == nil ? "stdout" : "stderr", text: lines(cell.output))]
            let count = cell.isMetaCommand ? nil : cell.number
            return Cell(id: id, type: "code", source: lines(cell.trimmedSource), code: (count, outputs))
        }

        enum CodingKeys: String, CodingKey {
            case id, metadata, source, outputs
            case type = "cell_type"
            case executionCount = "execution_count"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(type, forKey: .type)
            try container.encode([String: String](), forKey: .metadata)
            try container.encode(source, forKey: .source)
            guard let code else { return }
            try container.encode(code.outputs, forKey: .outputs)
            // Required on code cells: null when the cell has no number.
            if let count = code.executionCount {
                try container.encode(count, forKey: .executionCount)
            } else {
                try container.encodeNil(forKey: .executionCount)
            }
        }
    }

    private struct StreamOutput: Encodable {
        let outputType = "stream"
        let name: String
        let text: [String]

        enum CodingKeys: String, CodingKey {
            case name, text
            case outputType = "output_type"
        }
    }

    /// Which language the notebook is in, and which run it came from.
    private struct Metadata: Encodable {
        struct KernelSpec: Encodable {
            let name = "mlx", language = "mlx"
            let displayName = "mlx"
            enum CodingKeys: String, CodingKey {
                case name, language
                case displayName = "display_name"
            }
        }

        struct LanguageInfo: Encodable {
            let name = "mlx"
            let version: String
            let fileExtension = ".mlx"
            enum CodingKeys: String, CodingKey {
                case name, version
                case fileExtension = "file_extension"
            }
        }

        struct Origin: Encodable {
            let run: Int
            let contentID: String
            let status: String
            enum CodingKeys: String, CodingKey {
                case run, status
                case contentID = "content_id"
            }
        }

        let kernelspec = KernelSpec()
        let languageInfo: LanguageInfo
        let mlx: Origin

        init(_ run: RunRecord) {
            languageInfo = LanguageInfo(version: run.environment.mlxVersion)
            mlx = Origin(run: run.number, contentID: run.contentID, status: run.status.rawValue)
        }

        enum CodingKeys: String, CodingKey {
            case kernelspec, mlx
            case languageInfo = "language_info"
        }
    }
}
