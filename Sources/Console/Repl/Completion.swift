import Foundation
import Language

/// What Tab offers: a pure function of the text before the cursor and the
/// session's state, so it can be tested without a terminal.
public struct Completion: Equatable, Sendable {
    /// The end of the text before the cursor that a candidate replaces.
    public let replacing: String
    /// Full replacements for `replacing`, sorted; each starts with it.
    public let candidates: [String]

    public init(replacing: String, candidates: [String]) {
        self.replacing = replacing
        self.candidates = candidates
    }

    static let none = Completion(replacing: "", candidates: [])

    /// What completion can see of the session.
    public struct Context {
        /// The session's variables (tables and records offer their column and field names after `.`).
        public var variables: [String: Value]
        /// Lists a directory for path completion: names with a trailing `/` for
        /// directories, or nil when it cannot be read. The argument is the
        /// directory as typed (`""` for the working directory).
        public var listDirectory: (String) -> [String]?

        public init(variables: [String: Value], listDirectory: @escaping (String) -> [String]?) {
            self.variables = variables
            self.listDirectory = listDirectory
        }

        /// Paths resolve against `workingDirectory`, `~/` against the home directory.
        public init(variables: [String: Value], workingDirectory: String) {
            let host = FileSystemHost(workingDirectory: workingDirectory)
            self.init(variables: variables) { directory in
                let path = host.resolve(directory.isEmpty ? "." : directory)
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
                return names.map { name in
                    var isDirectory: ObjCBool = false
                    let exists = FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory)
                    return exists && isDirectory.boolValue ? name + "/" : name
                }
            }
        }
    }

    /// Candidates for the word ending at the cursor.
    /// - Parameters:
    ///   - beforeCursor: the line's text up to the cursor.
    ///   - lineEndsAtCursor: nothing follows the cursor, so a quoted path completed
    ///     to a single file also gets its closing quote, as a shell adds it.
    public static func complete(_ beforeCursor: String, lineEndsAtCursor: Bool = false, in context: Context) -> Completion {
        if MetaCommand.isMetaCommand(beforeCursor) { return metaCommand(beforeCursor, closing: lineEndsAtCursor, context) }
        if let (partial, quote) = loadPath(beforeCursor) { return path(partial, closedBy: lineEndsAtCursor ? quote : nil, context) }
        if inString(beforeCursor) { return .none }
        let word = String(beforeCursor.reversed().prefix(while: isIdentifierCharacter).reversed())
        let beforeWord = beforeCursor.dropLast(word.count)
        if beforeWord.hasSuffix(".") { return member(word, of: receiver(beforeWord.dropLast()), context) }
        guard !word.isEmpty, !(word.first?.isNumber ?? false) else { return .none }
        let names = Keyword.allCases.map(\.rawValue) + Builtins.names + context.variables.keys
        return Completion(replacing: word, candidates: matching(names, word))
    }

    // MARK: Contexts

    /// After `table.`: column names; after `record.`: field names.
    private static func member(_ word: String, of name: String, _ context: Context) -> Completion {
        let names: [String]
        if case .record(let r)? = context.variables[name] {
            names = r.fields.map(\.name)
        } else {
            names = context.variables[name]?.tableValue?.columnNames ?? []
        }
        return Completion(replacing: word, candidates: matching(names.filter(isIdentifier), word))
    }

    /// The partial path and its opening quote when the cursor is inside the string of `load "…`.
    private static func loadPath(_ text: String) -> (partial: String, quote: Character)? {
        guard let quote = openQuote(text) else { return nil }
        let before = text[..<quote].trimmingSpaces()
        guard before.hasSuffix("load") else { return nil }
        // `reload "` or `download "` are not `load`.
        guard before.dropLast(4).last.map({ !isIdentifierCharacter($0) }) ?? true else { return nil }
        return (String(text[text.index(after: quote)...]), text[quote])
    }

    /// The files and folders `partial` can go on to name; a single file ends
    /// with `closingQuote` (a folder goes on, and of several none is chosen yet).
    private static func path(_ partial: String, closedBy closingQuote: Character? = nil, _ context: Context) -> Completion {
        let slash = partial.lastIndex(of: "/")
        let directory = slash.map { String(partial[...$0]) } ?? ""
        let prefix = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        guard let names = context.listDirectory(directory) else { return Completion(replacing: partial, candidates: []) }
        let visible = names.filter { !$0.hasPrefix(".") || prefix.hasPrefix(".") }
        var candidates = matching(visible, prefix).map { directory + $0 }
        if candidates.count == 1, let closingQuote, !candidates[0].hasSuffix("/") { candidates[0].append(closingQuote) }
        return Completion(replacing: partial, candidates: candidates)
    }

    private static func metaCommand(_ text: String, closing: Bool, _ context: Context) -> Completion {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            return Completion(replacing: String(trimmed), candidates: matching(MetaCommand.all.map { ":" + $0.name }, String(trimmed)))
        }
        let command = trimmed[..<space], argument = String(trimmed[space...].drop { $0 == " " || $0 == "\t" })
        switch command {
        case ":help":
            // Categories as the docs write them (`:help statistics`); :help takes any case.
            let topics = Builtins.names + ReplHelp.categories.map { $0.lowercased() } + ["steps"]
            return Completion(replacing: argument, candidates: matching(topics, argument))
        case ":load", ":save":
            // A path with spaces is quoted (`:save "my run.mlx"`); the quote is not part of the path.
            guard let quote = argument.first, quote == "\"" || quote == "'" else { return path(argument, context) }
            return path(String(argument.dropFirst()), closedBy: closing ? quote : nil, context)
        default:
            return Completion(replacing: argument, candidates: [])
        }
    }

    // MARK: Text

    /// The position of the quote opening a string the text ends inside, if any.
    private static func openQuote(_ text: String) -> String.Index? {
        var open: (index: String.Index, quote: Character)?
        var escaped = false
        for index in text.indices {
            let c = text[index]
            if let current = open {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == current.quote { open = nil }
            } else if c == "\"" || c == "'" {
                open = (index, c)
            } else if c == "#" {
                return nil
            }
        }
        return open?.index
    }

    private static func inString(_ text: String) -> Bool { openQuote(text) != nil }

    /// The identifier just before `text`'s end (the receiver of `.`).
    private static func receiver(_ text: Substring) -> String {
        String(text.reversed().prefix(while: isIdentifierCharacter).reversed())
    }

    private static func matching(_ names: [String], _ prefix: String) -> [String] {
        Array(Set(names.filter { $0.hasPrefix(prefix) })).sorted()
    }

    private static func isIdentifierCharacter(_ c: Character) -> Bool {
        c == "_" || c.isLetter || c.isNumber
    }

    private static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, !first.isNumber else { return false }
        return name.allSatisfy(isIdentifierCharacter)
    }
}
