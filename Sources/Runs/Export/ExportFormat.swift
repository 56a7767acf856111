import Foundation

/// The formats `mlx export --to` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// A Jupyter notebook (nbformat 4.5).
    case ipynb
    /// A Markdown notebook.
    case md
    /// A self-contained HTML page.
    case html
    /// A script for `mlx run`.
    case mlx

    /// The run in this format, as the bytes of the file. Times are in UTC,
    /// since an exported file is read in other time zones.
    public func export(_ run: RunRecord) throws -> Data {
        switch self {
        case .ipynb: return try NotebookExport.notebook(run)
        case .md: return Data(MarkdownExport.markdown(run).utf8)
        case .html: return Data(HTMLExport.html(run).utf8)
        case .mlx: return Data(ScriptExport.script(run).utf8)
        }
    }
}
