import Learning

/// The statements of the language with their syntax and help: the source of
/// `:help` for statements and of the statements section of docs/reference.md.
public enum StatementReference {
    public struct Entry: Sendable {
        public let keyword: String
        public let syntax: String
        public let help: String
    }

    public static let all: [Entry] = [
        Entry(keyword: "seed", syntax: "seed N", help: "Seeds the run's random generator (splits, samples, random numbers); every random choice derives from it."),
        Entry(keyword: "param", syntax: "param name = value", help: "A run parameter with a default; `mlx run … --set name=value` overrides it."),
        Entry(keyword: "load", syntax: "load \"file\" [with format = \"csv\", delimiter = \";\", header = true, missing = [\"NA\"], types = {col: \"text\"}]", help: "Reads a CSV, TSV or JSON Lines file into a typed table, fingerprinting the bytes."),
        Entry(keyword: "describe", syntax: "describe table", help: "Per-column count, missing, mean, sd, quartiles, or levels, top and frequency."),
        Entry(keyword: "show", syntax: "show table [rows]", help: "The first rows of a table (10 by default)."),
        Entry(keyword: "split", syntax: "a, b = split table fraction [stratify column]", help: "Seeded random (or stratified) train/test split; warns when preprocessing was fitted before it."),
        Entry(keyword: "preprocess", syntax: "preprocess table:\n    step [columns] [with option = value]", help: "Fits the steps on this table and returns the transformed table, which remembers the fitted steps."),
        Entry(keyword: "train", syntax: "train kind on table [target column] [with option = value, …]", help: "Fits a model on every other column of the table (numeric, complete); a preprocessed table passes its fitted steps to the model. Kinds: " + EstimatorRegistry.entries.map(\.name).joined(separator: ", ") + " (kmeans and pca take no target)."),
        Entry(keyword: "test", syntax: "test model on table", help: "Applies the model (and its preprocessing) to raw rows and reports metrics; warns if the rows were used for training or preprocessing."),
        Entry(keyword: "assert", syntax: "assert condition[, \"message\"]", help: "A quality gate: a failure is reported with both sides of a comparison, the run continues, and deploy is refused."),
        Entry(keyword: "deploy", syntax: "deploy model as \"name\"", help: "Ships a model to the registry as the next version of name: a verified bundle with its schema, metrics, lineage, a Dockerfile and Kubernetes manifests (mlx models lists them)."),
        Entry(keyword: "for", syntax: "for name in list:\n    statements", help: "Runs the block once per element of a list, vector or range."),
    ]

    /// Markdown: one section listing every statement.
    static func markdown() -> [String] {
        var lines = ["## Statements", "", "| statement | what it does |", "|---|---|"]
        for entry in all {
            lines.append("| `\(entry.syntax.split(separator: "\n").joined(separator: " ⏎ "))` | \(entry.help) |")
        }
        lines.append("")
        return lines
    }
}
