/// The comparison as GitHub-flavoured Markdown, for a pull-request comment.
extension RunDiffRenderer {
    /// A table of the two runs, a table per section, the script's diff in a `diff` code block.
    public func markdown(_ diff: RunDiff) -> String {
        let (a, b) = ("#\(diff.old.number)", "#\(diff.new.number)")
        var blocks = ["### Run \(a) → run \(b)"]
        let sides = runs(diff)
        let facts = ["from", "status", "started", "id"].enumerated().map { index, label in
            [label] + sides.map { index == 3 ? "`\($0[4])`" : $0[index + 1] }
        }
        blocks.append(MarkdownExport.table(headings: ["", a, b], rows: facts))
        let (before, after) = sections(diff)
        blocks += before.flatMap(markdown)
        let script = script(diff)
        blocks += ["#### Script", script.isEmpty ? "No differences." : MarkdownExport.fenced(String(script.dropLast()), info: "diff")]
        blocks += after.flatMap(markdown)
        return blocks.joined(separator: "\n\n") + "\n"
    }

    private func markdown(_ section: Section) -> [String] {
        let heading = "#### " + section.title.prefix(1).uppercased() + section.title.dropFirst()
        guard !section.rows.isEmpty else { return [heading, "No differences."] }
        let table = MarkdownExport.table(headings: section.headings, rows: section.rows)
        return [heading, table] + (section.unchanged > 0 ? ["\(section.unchanged) unchanged."] : [])
    }
}
