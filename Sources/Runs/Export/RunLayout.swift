/// A format that lays out a run in the order every rendering shares: the
/// header, each cell with its output, a note if the run did not end, the
/// sections. A format supplies the pieces; the order is decided here once.
protocol RunLayout {
    /// The title and the header facts.
    static func header(_ report: RunReport) -> String
    /// One recorded cell with what it printed.
    static func cell(_ cell: RunRecord.Cell) -> String
    /// Says the run was interrupted or is still running.
    static func note(_ text: String) -> String
    /// One section after the cells.
    static func section(_ section: RunReport.Section) -> String
}

extension RunLayout {
    /// The run's pieces in order, for the format to join.
    static func blocks(_ run: RunRecord, _ report: RunReport) -> [String] {
        var blocks = [header(report)]
        blocks += run.cells.map(cell)
        if let text = run.unfinishedNote { blocks.append(note(text)) }
        return blocks + report.sections.map(section)
    }
}
