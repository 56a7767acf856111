/// Turns source text into tokens, including NEWLINE, INDENT and DEDENT.
///
/// Like Python: inside brackets line breaks are ignored; a line indented
/// deeper than the previous one opens a block, a shallower one closes blocks
/// down to a matching level. Blank and comment-only lines do not count.
/// Problems become diagnostics and lexing continues, so one pass reports all.
public struct Lexer {
    private let source: SourceFile
    private let bytes: [UInt8]
    private var position = 0
    private var tokens: [Token] = []
    private var diagnostics: [Diagnostic] = []
    private var indents = [0]
    private var brackets: [(Symbol, SourceRange)] = []
    private var atLineStart = true
    /// The line of the last stray or mismatched closing bracket reported.
    private var lastBracketErrorLine = 0

    public init(_ source: SourceFile) {
        self.source = source
        bytes = Array(source.text.utf8)
    }

    /// The tokens of the source and the problems found.
    public static func tokenize(_ source: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        lexer.run()
        return (lexer.tokens, lexer.diagnostics)
    }

    /// Whether the source stops in the middle of a statement: an open bracket,
    /// or a block header (`…:`) not yet followed by its block. The REPL keeps
    /// reading lines while this holds. A string is on one line, so text with an
    /// unterminated string is never incomplete: no later line can finish it, and
    /// the error is best shown at once.
    public static func isIncomplete(_ text: String) -> Bool {
        let lexer = lexed(text)
        if lexer.diagnostics.contains(where: { $0.message == unterminatedString }) { return false }
        if !lexer.brackets.isEmpty { return true }
        let significant = lexer.tokens.filter {
            switch $0.kind {
            case .newline, .indent, .dedent, .endOfFile: return false
            default: return true
            }
        }
        if significant.last?.kind == .symbol(.colon) { return true }
        // Inside a block the user ends it with an empty line. A block header is a colon that
        // ends its logical line, found among the tokens rather than in the text: a comment
        // may follow the header's colon (`for …:  # loop`) or end in one (`x = 1  # note:`).
        let tokens = lexer.tokens
        let blockOpen = tokens.indices.dropLast().contains { tokens[$0].kind == .symbol(.colon) && tokens[$0 + 1].kind == .newline }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return blockOpen && !(lines.last.map { $0.trimmingSpaces().isEmpty } ?? true)
    }

    private static func lexed(_ text: String) -> Lexer {
        var lexer = Lexer(SourceFile(name: "", text: text))
        lexer.run()
        return lexer
    }

    private static let unterminatedString = "unterminated string"

    private mutating func run() {
        while position < bytes.count {
            if atLineStart {
                handleIndentation()
                continue
            }
            lexToken()
        }
        finish()
    }

    // MARK: Lines and indentation

    private mutating func handleIndentation() {
        atLineStart = false
        let lineStart = position
        var width = 0
        while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") {
            if bytes[position] == UInt8(ascii: "\t") {
                report("indent with spaces, not tabs", SourceRange(position, position + 1))
            }
            width += 1
            position += 1
        }
        // Blank and comment-only lines do not affect blocks, nor do lines inside brackets.
        guard position < bytes.count, !isLineEnd(bytes[position]), bytes[position] != UInt8(ascii: "#"), brackets.isEmpty else { return }
        if width > indents.last! {
            indents.append(width)
            tokens.append(Token(.indent, SourceRange(lineStart, position)))
        } else {
            while width < indents.last! {
                indents.removeLast()
                tokens.append(Token(.dedent, SourceRange(position, position)))
            }
            if width != indents.last! {
                report("this line's indentation does not match any enclosing block", SourceRange(lineStart, position))
            }
        }
    }

    private func isLineEnd(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") }

    private mutating func newline() {
        let start = position
        if bytes[position] == UInt8(ascii: "\r"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\n") { position += 1 }
        position += 1
        atLineStart = true
        if !brackets.isEmpty, nextLineStartsStatement() { closeUnterminatedBrackets(lineEnd: start) }
        guard brackets.isEmpty else { return }
        // One NEWLINE per logical line: none after an empty line or at the very start.
        if let last = tokens.last?.kind, last != .newline, last != .indent, last != .dedent {
            tokens.append(Token(.newline, SourceRange(start, start + 1)))
        }
    }

    /// Whether the line at `position` reads as a new statement at the current
    /// block level: a statement keyword, or `name [, name] =` with its brackets
    /// balanced. Inside an unclosed bracket that means the bracket was never
    /// closed, and treating it so lets the following statements be checked too.
    private func nextLineStartsStatement() -> Bool {
        var i = position, width = 0
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1; width += 1 }
        guard width <= indents.last!, i < bytes.count, isIdentifierStart(bytes[i]) else { return false }
        var end = i
        while end < bytes.count, !isLineEnd(bytes[end]) { end += 1 }
        let line = String(decoding: bytes[i..<end], as: UTF8.self)
        let firstWord = String(line.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        let statementKeywords: Set<String> = ["seed", "param", "assert", "deploy", "describe", "show", "for"]
        if statementKeywords.contains(firstWord) { return true }
        guard let equals = line.firstIndex(of: "="), line[equals...].dropFirst().first != "=" else { return false }
        let targets = line[..<equals].split(separator: ",").map { $0.trimmingSpaces() }
        guard targets.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else { return false }
        var depth = 0
        for c in line[equals...] {
            if "([{".contains(c) { depth += 1 }
            if ")]}".contains(c) { depth -= 1; if depth < 0 { return false } }
        }
        return true
    }

    /// Ends the statement at the line end starting at `lineEnd` (a CR of a CRLF is its first byte).
    private mutating func closeUnterminatedBrackets(lineEnd: Int) {
        reportUnclosedBrackets()
        brackets.removeAll()
        tokens.append(Token(.newline, SourceRange(lineEnd, lineEnd + 1)))
    }

    /// Reports each bracket still open. Beyond the nesting limit
    /// they are left to the parser, which refuses the statement once as too deeply
    /// nested: thousands of unclosed brackets must not become thousands of errors,
    /// each showing (and measuring) the same long line.
    private mutating func reportUnclosedBrackets() {
        if brackets.count <= Parser.nestingLimit {
            for (symbol, range) in brackets.reversed() {
                report("'\(symbol.rawValue)' is never closed", range, notes: ["help: add '\(symbol.closing!.rawValue)'"])
            }
        }
    }

    private mutating func finish() {
        reportUnclosedBrackets()
        let end = bytes.count
        if let last = tokens.last?.kind, last != .newline, last != .dedent, last != .indent {
            tokens.append(Token(.newline, SourceRange(end, end)))
        }
        while indents.count > 1 {
            indents.removeLast()
            tokens.append(Token(.dedent, SourceRange(end, end)))
        }
        tokens.append(Token(.endOfFile, SourceRange(end, end)))
    }

    // MARK: Tokens

    private mutating func lexToken() {
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"): position += 1
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): newline()
        case UInt8(ascii: "#"): while position < bytes.count, !isLineEnd(bytes[position]) { position += 1 }
        case UInt8(ascii: "\""), UInt8(ascii: "'"): lexString(quote: byte)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): lexNumber()
        case UInt8(ascii: "."):
            if position + 1 < bytes.count, isDigit(bytes[position + 1]) { lexNumber() } else { lexSymbol() }
        default:
            if isIdentifierStart(byte) { lexIdentifier() } else { lexSymbol() }
        }
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// Letters, underscore, and any non-ASCII byte (so Unicode names work).
    private func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || b == UInt8(ascii: "_") || b >= 0x80
    }

    private mutating func lexIdentifier() {
        let start = position
        while position < bytes.count, isIdentifierStart(bytes[position]) || isDigit(bytes[position]) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        let kind: Token.Kind = Keyword(rawValue: text).map { .keyword($0) } ?? .identifier(text)
        tokens.append(Token(kind, SourceRange(start, position)))
    }

    private mutating func lexNumber() {
        let start = position
        func digits() { while position < bytes.count, isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "_") { position += 1 } }
        digits()
        if position < bytes.count, bytes[position] == UInt8(ascii: "."), !(position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: ".")) {
            position += 1
            digits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            let mark = position
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            if position < bytes.count, isDigit(bytes[position]) { digits() } else { position = mark }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self).replacingUnderscores()
        let range = SourceRange(start, position)
        if position < bytes.count, isIdentifierStart(bytes[position]) {
            let end = position
            while position < bytes.count, isIdentifierStart(bytes[position]) || isDigit(bytes[position]) { position += 1 }
            report("invalid number '\(String(decoding: bytes[start..<position], as: UTF8.self))'", SourceRange(start, position), notes: ["help: names cannot start with a digit"])
            tokens.append(Token(.number(0), SourceRange(start, end)))
            return
        }
        guard let value = Double(text) else {
            report("invalid number '\(text)'", range)
            tokens.append(Token(.number(0), range))
            return
        }
        tokens.append(Token(.number(value), range))
    }

    private mutating func lexString(quote: UInt8) {
        let start = position
        position += 1
        var value = [UInt8]()
        while position < bytes.count, bytes[position] != quote {
            if isLineEnd(bytes[position]) { break }
            if bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.count {
                value.append(contentsOf: escape(at: position))
                continue
            }
            value.append(bytes[position])
            position += 1
        }
        guard position < bytes.count, bytes[position] == quote else {
            report(Self.unterminatedString, SourceRange(start, position), notes: ["help: close it with \(quote == UInt8(ascii: "\"") ? "\"" : "'") on the same line"])
            tokens.append(Token(.string(String(decoding: value, as: UTF8.self)), SourceRange(start, position)))
            return
        }
        position += 1
        tokens.append(Token(.string(String(decoding: value, as: UTF8.self)), SourceRange(start, position)))
    }

    /// Decodes the escape at `at` (a backslash), advancing past it.
    private mutating func escape(at start: Int) -> [UInt8] {
        let next = bytes[start + 1]
        position = start + 2
        switch next {
        case UInt8(ascii: "n"): return [10]
        case UInt8(ascii: "t"): return [9]
        case UInt8(ascii: "r"): return [13]
        case UInt8(ascii: "0"): return [0]
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): return [next]
        case UInt8(ascii: "u"):
            if let (scalar, end) = unicodeEscape(from: start + 2) {
                position = end
                return Array(String(Character(scalar)).utf8)
            }
            report("invalid unicode escape; write \\u{XXXX}", SourceRange(start, position))
            return []
        default:
            report("unknown escape '\\\(String(decoding: [next], as: UTF8.self))'", SourceRange(start, position), notes: ["help: known escapes are \\n \\t \\r \\0 \\\\ \\\" \\' \\u{…}"])
            return [next]
        }
    }

    private func unicodeEscape(from index: Int) -> (Unicode.Scalar, Int)? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        var end = index + 1
        while end < bytes.count, end - index <= 7, bytes[end] != UInt8(ascii: "}") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "}"),
            let value = UInt32(String(decoding: bytes[(index + 1)..<end], as: UTF8.self), radix: 16),
            let scalar = Unicode.Scalar(value)
        else { return nil }
        return (scalar, end + 1)
    }

    private mutating func lexSymbol() {
        let start = position
        guard let (symbol, length) = symbol(at: position) else { return lexStrayCharacters() }
        position += length
        trackBrackets(symbol, SourceRange(start, position))
        tokens.append(Token(.symbol(symbol), SourceRange(start, position)))
    }

    /// The operator or punctuation at `index`, and its length in bytes.
    private func symbol(at index: Int) -> (Symbol, Int)? {
        if index + 1 < bytes.count, let s = Symbol(rawValue: String(decoding: bytes[index...(index + 1)], as: UTF8.self)) { return (s, 2) }
        return Symbol(rawValue: String(decoding: [bytes[index]], as: UTF8.self)).map { ($0, 1) }
    }

    /// How the error for characters that start no token begins.
    static let strayCharactersMessage = "unexpected character"

    /// Characters that start no token, one error for a run of them: a line of ten
    /// thousand stray bytes is one mistake, not ten thousand errors showing that line.
    private mutating func lexStrayCharacters() {
        let start = position
        position += 1
        while position < bytes.count, Self.isStray(bytes[position]), !startsSymbol(at: position) { position += 1 }
        let count = position - start
        let shown = String(decoding: bytes[start..<Swift.min(position, start + 10)], as: UTF8.self)
        let message = Self.strayCharactersMessage
        switch count {
        case 1: report("\(message) '\(shown)'", SourceRange(start, position))
        case ...10: report("\(message)s '\(shown)'", SourceRange(start, position))
        default: report("\(message)s '\(shown)…' (\(count) in a row)", SourceRange(start, position))
        }
    }

    /// Whether `byte` starts no token other than perhaps a symbol (every byte from 0x80 starts a name).
    private static func isStray(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"),
            UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"), UInt8(ascii: "\""), UInt8(ascii: "'"):
            return false
        default: return byte < 0x80
        }
    }

    /// Whether a symbol starts at `index`: its first byte is looked at before any text is built.
    private func startsSymbol(at index: Int) -> Bool {
        Self.symbolStarts.contains(bytes[index]) && symbol(at: index) != nil
    }

    private static let symbolStarts = Set(Symbol.allCases.compactMap { $0.rawValue.utf8.first })

    private mutating func trackBrackets(_ symbol: Symbol, _ range: SourceRange) {
        switch symbol {
        case .leftParen, .leftBracket, .leftBrace:
            brackets.append((symbol, range))
        case .rightParen, .rightBracket, .rightBrace:
            guard let (open, openRange) = brackets.last else {
                reportBracketError("unmatched '\(symbol.rawValue)'", range)
                return
            }
            if open.closing == symbol {
                brackets.removeLast()
            } else {
                let line = source.line(of: openRange.start)
                reportBracketError("expected '\(open.closing!.rawValue)' to close '\(open.rawValue)' at line \(line), found '\(symbol.rawValue)'", range)
                brackets.removeLast()
            }
        default: break
        }
    }

    /// The first closing-bracket error of a line only: a line of stray brackets would
    /// otherwise give an error per bracket, each locating itself on that long line.
    private mutating func reportBracketError(_ message: String, _ range: SourceRange) {
        let line = source.line(of: range.start)
        guard line != lastBracketErrorLine else { return }
        lastBracketErrorLine = line
        report(message, range)
    }

    private mutating func report(_ message: String, _ range: SourceRange, notes: [String] = []) {
        diagnostics.append(Diagnostic(.error, message, at: range, in: source, notes: notes))
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = String(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return s
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
