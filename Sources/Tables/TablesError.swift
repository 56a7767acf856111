/// An error about data: where it happened (file, line, column) and what is wrong.
///
/// `description` renders it the way compilers do, `file:line:column: message`,
/// so editors and CI logs can link to the spot.
public struct DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds of data errors, for code that reacts to them.
    public enum Kind: String, Sendable {
        case fileNotFound, unreadable, emptyFile, invalidUTF8
        case raggedRow, unterminatedQuote, duplicateColumn, invalidValue
        case unknownColumn, typeMismatch, lengthMismatch, invalidArgument
    }

    public let kind: Kind
    /// The file the data came from, if any.
    public let file: String?
    /// One-based line in the file.
    public let line: Int?
    /// One-based column (character position on the line), where it applies.
    public let column: Int?
    /// What is wrong, for a person.
    public let message: String

    public init(_ kind: Kind, _ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = [String]()
        if let file { location.append(file) }
        if let line { location.append(String(line)) }
        if let column, line != nil { location.append(String(column)) }
        return location.isEmpty ? message : location.joined(separator: ":") + ": " + message
    }

    /// An unknown column, with a did-you-mean suggestion when one name is close.
    public static func unknownColumn(_ name: String, among names: [String]) -> DataError {
        var message = "no column named '\(name)'"
        if let suggestion = Spelling.closest(to: name, among: names) {
            message += "; did you mean '\(suggestion)'?"
        } else if !names.isEmpty, names.count <= 12 {
            message += " (columns: \(names.map { "'\($0)'" }.joined(separator: ", ")))"
        }
        return DataError(.unknownColumn, message)
    }
}

/// Did-you-mean suggestions by edit distance.
public enum Spelling {
    /// The longest word a suggestion is looked for: no one mistypes a longer name expecting
    /// a correction, and the distance costs the product of two names' lengths.
    public static let maximumLength = 100

    /// The candidate closest to `word`, if it is within a third of its length
    /// in edits (at least one); case differences count as half an edit.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let length = word.prefix(maximumLength + 1).count
        guard length <= maximumLength else { return nil }
        let typed = word.lowercased()
        let limit = Swift.max(1, length / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            // The distance is at least the difference in length: a name much longer or
            // shorter is passed over without computing it (or counting all of it).
            guard abs(candidate.prefix(length + limit + 1).count - length) <= limit else { continue }
            let lowered = candidate.lowercased()
            let d = distance(typed, lowered) * 2 + (typed == lowered ? 1 : 0)
            if d <= limit * 2, d < (best?.distance ?? .max) { best = (candidate, d) }
        }
        return best?.name
    }

    /// Edit distance over characters, a swap of two neighbours counting as one edit
    /// (optimal string alignment): `irsi` is one edit from `iris`, the typo people make most.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = Swift.min(current[j], beforePrevious[j - 2] + 1) }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
