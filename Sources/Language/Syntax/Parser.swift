/// A recursive-descent parser for mlx programs.
///
/// Each parse function has its grammar rule in the comment above it. On a
/// syntax error the parser records a diagnostic, skips to the end of the
/// statement and goes on, so one pass reports every error.
public struct Parser {
    private let source: SourceFile
    private var tokens: [Token]
    private var index = 0
    private var diagnostics: [Diagnostic]
    /// Where `diagnostics` point, so that checking for an earlier error at a spot costs no pass over them.
    private var reportedStarts: Set<Int>
    /// Where each line's first run of stray characters starts, by line: the lexer dropped
    /// them, so what the parser then misses on that line is their consequence, not news.
    private let strayCharacters: [Int: Int]
    /// Brackets, signs, `not`s, exponents and `for`s open around the current token.
    private var nesting = 0
    /// `for` loops open around the current token.
    private var loops = 0
    /// Whether the statement being skipped was refused as too deeply nested: a block it
    /// opens is deeper still, and is skipped with it rather than refused line by line.
    private var refusedAsTooDeep = false
    /// The stack this parse may use, for threads with small stacks.
    private let stack = StackSpace()

    /// The most of those one statement may nest: parsing them recurses, and so do
    /// evaluating and freeing what they build, so hostile input must not exhaust the stack.
    public static let nestingLimit = 200
    /// The most operators, fields and indexes applied one after another (`1 + 1 + … + 1`),
    /// counting those they sit inside: parsed in a loop, but evaluated and freed recursively.
    public static let chainLimit = 1000

    /// Parses `source`; the program holds every statement that parsed.
    public static func parse(_ source: SourceFile) -> (program: Program, diagnostics: [Diagnostic]) {
        let (tokens, lexical) = Lexer.tokenize(source)
        var parser = Parser(source: source, tokens: tokens, diagnostics: lexical)
        let statements = parser.parseStatements(untilDedent: false)
        let sorted = parser.diagnostics.sorted { $0.range.start < $1.range.start }
        return (Program(source: source, statements: statements), sorted)
    }

    private init(source: SourceFile, tokens: [Token], diagnostics: [Diagnostic]) {
        self.source = source
        self.tokens = tokens
        self.diagnostics = diagnostics
        self.reportedStarts = Set(diagnostics.map(\.range.start))
        self.strayCharacters = Dictionary(
            diagnostics.filter { $0.message.hasPrefix(Lexer.strayCharactersMessage) }.map { (source.line(of: $0.range.start), $0.range.start) },
            uniquingKeysWith: Swift.min)
    }

    private struct SyntaxError: Error {}

    /// Counts one more level of nesting; call `nesting -= 1` on the way out
    /// (a `defer` right after this call).
    private mutating func descend() throws {
        nesting += 1
        // The statement's own expression is one level; brackets and the rest count from there.
        guard nesting <= Self.nestingLimit + 1 else {
            nesting -= 1
            refusedAsTooDeep = true
            throw errorThrown("too deeply nested: more than \(Self.nestingLimit) levels of brackets, signs or blocks", at: current.range)
        }
        guard stack.isAvailable else {
            nesting -= 1
            throw errorThrown("too deeply nested to parse on this thread's stack", at: current.range)
        }
    }

    /// `expression`, unless it makes a chain longer than `chainLimit`.
    private mutating func bounded(_ expression: Expression) throws -> Expression {
        guard expression.depth <= Self.chainLimit + 1 else {  // a leaf is depth 1; each operation adds one
            throw errorThrown("expression too long: more than \(Self.chainLimit) operations inside one another or one after another", at: previous.range)
        }
        return expression
    }

    // MARK: Statements

    // statements := { statement NEWLINE }
    private mutating func parseStatements(untilDedent: Bool) -> [Statement] {
        var statements = [Statement]()
        while true {
            skipNewlines()
            switch current.kind {
            case .endOfFile: return statements
            case .dedent:
                if untilDedent { return statements }
                advance()
                continue
            case .indent:
                error("unexpected indentation", at: current.range, notes: ["help: only the body of 'for' and 'preprocess' is indented"])
                advance()
                continue
            default: break
            }
            do {
                statements.append(try parseStatement())
            } catch {
                recover()
            }
        }
    }

    // statement := seed | param | assert | deploy | describe | show | for | assignment | expression
    private mutating func parseStatement() throws -> Statement {
        let start = current.range.start
        let kind: Statement.Kind
        switch current.kind {
        case .keyword(.seed):
            advance()
            kind = .seed(try parseExpression())
        case .keyword(.param):
            kind = try parseParam()
        case .keyword(.assert):
            kind = try parseAssert()
        case .keyword(.deploy):
            advance()
            let model = try parseExpression()
            try expectWord("as", after: "the model in 'deploy'")
            kind = .deploy(model, as: try parseExpression())
        case .keyword(.describe):
            advance()
            kind = .describe(try parseExpression())
        case .keyword(.show):
            advance()
            let value = try parseExpression()
            kind = .show(value, rows: startsExpression(current.kind) ? try parseExpression() : nil)
        case .keyword(.for):
            return try parseFor()
        default:
            kind = try parseAssignmentOrExpression()
        }
        let end = previous.range.end
        if case .preprocess = lastExpressionKind(kind) { return Statement(kind, SourceRange(start, end)) }
        try expectEndOfStatement()
        return Statement(kind, SourceRange(start, end))
    }

    // param := 'param' NAME '=' expression
    private mutating func parseParam() throws -> Statement.Kind {
        let keyword = current.range
        advance()
        guard loops == 0 else {
            throw errorThrown(
                "'param' inside 'for': a parameter belongs to the whole script", at: keyword,
                notes: ["help: declare it at the top level, before the loop"])
        }
        let name = try expectName("a parameter name after 'param'")
        try expect(.equal, "'=' after the parameter name")
        return .param(name, try parseExpression())
    }

    // assert := 'assert' expression [',' expression]
    private mutating func parseAssert() throws -> Statement.Kind {
        advance()
        let condition = try parseExpression()
        var message: Expression?
        if match(.comma) { message = try parseExpression() }
        return .assert(condition, message: message)
    }

    // for := 'for' NAME 'in' expression ':' (block | statement)
    private mutating func parseFor() throws -> Statement {
        let start = current.range.start
        try descend()
        defer { nesting -= 1 }
        advance()
        loops += 1
        defer { loops -= 1 }
        let variable = try expectName("a loop variable after 'for'")
        guard case .keyword(.in) = current.kind else { throw expected("'in' after the loop variable") }
        advance()
        let list = try parseExpression()
        try expect(.colon, "':' after the list to loop over")
        let body: [Statement]
        if case .newline = current.kind {
            body = try parseBlock("the body of 'for'")
        } else {
            body = [try parseStatement()]
        }
        return Statement(.forLoop(variable, list, body), SourceRange(start, previous.range.end))
    }

    // block := NEWLINE INDENT statements DEDENT
    private mutating func parseBlock(_ what: String) throws -> [Statement] {
        skipNewlines()
        guard case .indent = current.kind else { throw expected("an indented block for \(what)") }
        advance()
        let body = parseStatements(untilDedent: true)
        if case .dedent = current.kind { advance() }
        return body
    }

    // assignment := NAME {',' NAME} '=' expression
    private mutating func parseAssignmentOrExpression() throws -> Statement.Kind {
        if let names = assignmentTargets() {
            return .assign(names, try parseExpression())
        }
        let value = try parseExpression()
        if case .symbol(.equal) = current.kind {
            throw errorThrown("cannot assign to this expression", at: value.range, notes: ["help: the left side of '=' must be a name, or names separated by commas"])
        }
        return .expression(value)
    }

    /// Consumes `a, b =` when the statement is an assignment; otherwise consumes nothing.
    private mutating func assignmentTargets() -> [Name]? {
        var lookahead = index
        var names = [Name]()
        while case .identifier(let text) = tokens[lookahead].kind {
            names.append(Name(text, tokens[lookahead].range))
            lookahead += 1
            if case .symbol(.comma) = tokens[lookahead].kind { lookahead += 1; continue }
            if case .symbol(.equal) = tokens[lookahead].kind {
                index = lookahead + 1
                return names
            }
            return nil
        }
        return nil
    }

    // MARK: Expressions

    // expression := keyword_expression | or
    mutating func parseExpression() throws -> Expression {
        try descend()
        defer { nesting -= 1 }
        switch current.kind {
        case .keyword(.load): return try parseLoad()
        case .keyword(.split): return try parseSplit()
        case .keyword(.preprocess): return try parsePreprocess()
        case .keyword(.train): return try parseTrain()
        case .keyword(.test): return try parseTest()
        default: return try parseOr()
        }
    }

    // load := 'load' expression ['with' options]
    private mutating func parseLoad() throws -> Expression {
        let start = current.range.start
        advance()
        let path = try parseOr()
        let options = try parseWithOptions()
        return Expression(.load(path, options), SourceRange(start, previous.range.end))
    }

    // split := 'split' or or ['stratify' NAME]
    private mutating func parseSplit() throws -> Expression {
        let start = current.range.start
        advance()
        let table = try parseOr()
        guard startsExpression(current.kind) else { throw expected("the training fraction after the table, as in 'split data 0.8'") }
        let fraction = try parseOr()
        var stratify: Name?
        if isWord("stratify") {
            advance()
            stratify = try expectColumnName("a column name after 'stratify'")
        }
        return Expression(.split(table, fraction, stratify: stratify), SourceRange(start, previous.range.end))
    }

    // preprocess := 'preprocess' or ':' NEWLINE INDENT { step NEWLINE } DEDENT
    // step := NAME { word [','] } ['with' options]
    private mutating func parsePreprocess() throws -> Expression {
        let start = current.range.start
        advance()
        let table = try parseOr()
        try expect(.colon, "':' after the table in 'preprocess'")
        try expectEndOfStatement()
        guard case .indent = current.kind else { throw expected("an indented list of steps after 'preprocess …:'") }
        advance()
        var steps = [PreprocessStep]()
        while true {
            skipNewlines()
            if case .dedent = current.kind { advance(); break }
            if case .endOfFile = current.kind { break }
            do {
                steps.append(try parseStep())
                try expectEndOfStatement()
            } catch {
                recover()
            }
        }
        if steps.isEmpty { error("'preprocess' needs at least one step", at: SourceRange(start, previous.range.end)) }
        return Expression(.preprocess(table, steps), SourceRange(start, previous.range.end))
    }

    private mutating func parseStep() throws -> PreprocessStep {
        let start = current.range.start
        let name = try expectName("a preprocessing step such as 'standardize' or 'fill_missing'")
        var words = [Expression]()
        while startsExpression(current.kind), !isWord("with") {
            words.append(try parsePostfix())
            _ = match(.comma)
        }
        let options = try parseWithOptions()
        return PreprocessStep(name: name, words: words, options: options, range: SourceRange(start, previous.range.end))
    }

    // train := 'train' NAME 'on' expression ['target' column] ['with' options]
    private mutating func parseTrain() throws -> Expression {
        let start = current.range.start
        advance()
        let algorithm = try expectName("a model kind after 'train', such as 'linear' or 'logistic'")
        try expectWord("on", after: "the model kind in 'train'")
        let data = try parseExpression()
        var target: Name?
        if isWord("target") {
            advance()
            target = try expectColumnName("the target column after 'target'")
        } else if !isWord("with"), case .identifier = current.kind {
            throw expected("'target' or 'with' after the training data in 'train'")
        }
        let options = try parseWithOptions()
        return Expression(.train(algorithm: algorithm, data: data, target: target, options: options), SourceRange(start, previous.range.end))
    }

    // test := 'test' or 'on' expression
    private mutating func parseTest() throws -> Expression {
        let start = current.range.start
        advance()
        let model = try parseOr()
        try expectWord("on", after: "the model in 'test'")
        let data = try parseExpression()
        return Expression(.test(model, data), SourceRange(start, previous.range.end))
    }

    // options := 'with' NAME '=' or {',' NAME '=' or}
    private mutating func parseWithOptions() throws -> [Argument] {
        guard isWord("with") else { return [] }
        advance()
        var options = [Argument]()
        var names = Set<String>()
        repeat {
            let label = try expectName("an option name after 'with'")
            // Refused, as a call refuses an argument given twice: which one wins is a guess.
            if !names.insert(label.text).inserted { error("option '\(label.text)' is given twice", at: label.range) }
            try expect(.equal, "'=' after the option name '\(label.text)'")
            options.append(Argument(label: label, value: try parseOr()))
        } while match(.comma)
        return options
    }

    // or := and {'or' and}
    private mutating func parseOr() throws -> Expression {
        var left = try parseAnd()
        while case .keyword(.or) = current.kind {
            advance()
            let right = try parseAnd()
            left = try bounded(Expression(.binary(.or, left, right), left.range.union(right.range)))
        }
        return left
    }

    // and := not {'and' not}
    private mutating func parseAnd() throws -> Expression {
        var left = try parseNot()
        while case .keyword(.and) = current.kind {
            advance()
            let right = try parseNot()
            left = try bounded(Expression(.binary(.and, left, right), left.range.union(right.range)))
        }
        return left
    }

    // not := 'not' not | comparison
    private mutating func parseNot() throws -> Expression {
        guard case .keyword(.not) = current.kind else { return try parseComparison() }
        let start = current.range
        try descend()
        defer { nesting -= 1 }
        advance()
        let operand = try parseNot()
        return Expression(.unary(.not, operand), start.union(operand.range))
    }

    // comparison := additive [('==' | '!=' | '<' | '<=' | '>' | '>=') additive]
    private mutating func parseComparison() throws -> Expression {
        let left = try parseAdditive()
        guard case .symbol(let s) = current.kind, let op = Parser.comparisonOperators[s] else { return left }
        advance()
        let right = try parseAdditive()
        if case .symbol(let next) = current.kind, Parser.comparisonOperators[next] != nil {
            throw errorThrown("comparisons cannot be chained", at: current.range, notes: ["help: write 'a < b and b < c'"])
        }
        return Expression(.binary(op, left, right), left.range.union(right.range))
    }

    private static let comparisonOperators: [Symbol: BinaryOperator] = [
        .equalEqual: .equal, .notEqual: .notEqual, .less: .less, .lessEqual: .lessEqual, .greater: .greater, .greaterEqual: .greaterEqual,
    ]

    // additive := multiplicative {('+' | '-') multiplicative}
    private mutating func parseAdditive() throws -> Expression {
        var left = try parseMultiplicative()
        while case .symbol(let s) = current.kind, s == .plus || s == .minus {
            advance()
            let right = try parseMultiplicative()
            left = try bounded(Expression(.binary(s == .plus ? .add : .subtract, left, right), left.range.union(right.range)))
        }
        return left
    }

    // multiplicative := unary {('*' | '/' | '%' | '@') unary}
    private mutating func parseMultiplicative() throws -> Expression {
        var left = try parseUnary()
        while case .symbol(let s) = current.kind, let op = Parser.multiplicativeOperators[s] {
            advance()
            let right = try parseUnary()
            left = try bounded(Expression(.binary(op, left, right), left.range.union(right.range)))
        }
        return left
    }

    private static let multiplicativeOperators: [Symbol: BinaryOperator] = [.star: .multiply, .slash: .divide, .percent: .remainder, .at: .matrixProduct]

    // unary := ('-' | '+') unary | power
    private mutating func parseUnary() throws -> Expression {
        guard case .symbol(let s) = current.kind, s == .minus || s == .plus else { return try parsePower() }
        let start = current.range
        try descend()
        defer { nesting -= 1 }
        advance()
        let operand = try parseUnary()
        return Expression(.unary(s == .minus ? .negate : .plus, operand), start.union(operand.range))
    }

    // power := postfix ['^' unary]
    private mutating func parsePower() throws -> Expression {
        let base = try parsePostfix()
        guard case .symbol(.caret) = current.kind else { return base }
        try descend()
        defer { nesting -= 1 }
        advance()
        let exponent = try parseUnary()
        return Expression(.binary(.power, base, exponent), base.range.union(exponent.range))
    }

    // postfix := primary {'.' NAME | '[' expression ']'}
    private mutating func parsePostfix() throws -> Expression {
        var value = try parsePrimary()
        while true {
            if match(.dot) {
                let name = try expectFieldName()
                value = try bounded(Expression(.field(value, name), value.range.union(name.range)))
            } else if case .symbol(.leftBracket) = current.kind {
                let open = current.range
                advance()
                let subscriptValue = try parseExpression()
                try expectClosing(.rightBracket, opening: .leftBracket, at: open)
                value = try bounded(Expression(.index(value, subscriptValue), value.range.union(previous.range)))
            } else {
                return value
            }
        }
    }

    // primary := NUMBER | STRING | 'true' | 'false' | NAME ['(' arguments ')'] | '(' expression ')' | list | record
    private mutating func parsePrimary() throws -> Expression {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return Expression(.number(value), token.range)
        case .string(let value):
            advance()
            return Expression(.string(value), token.range)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expression(.boolean(token.kind == .keyword(.true)), token.range)
        case .identifier(let name):
            advance()
            if case .symbol(.leftParen) = current.kind { return try parseCall(Name(name, token.range)) }
            return Expression(.name(name), token.range)
        case .symbol(.leftParen):
            advance()
            let inner = try parseExpression()
            try expectClosing(.rightParen, opening: .leftParen, at: token.range)
            return Expression(inner.kind, token.range.union(previous.range))
        case .symbol(.leftBracket): return try parseList()
        case .symbol(.leftBrace): return try parseRecord()
        case .keyword(let k) where [.load, .split, .preprocess, .train, .test].contains(k):
            return try parseExpression()
        default:
            throw expected("an expression")
        }
    }

    // call := NAME '(' [argument {',' argument}] ')'      argument := [NAME '='] expression
    private mutating func parseCall(_ function: Name) throws -> Expression {
        let open = current.range
        advance()
        var arguments = [Argument]()
        while !check(.rightParen) {
            var label: Name?
            if case .identifier(let text) = current.kind, case .symbol(.equal) = peek.kind {
                label = Name(text, current.range)
                advance()
                advance()
            }
            arguments.append(Argument(label: label, value: try parseExpression()))
            if !match(.comma) { break }
        }
        try expectClosing(.rightParen, opening: .leftParen, at: open)
        return Expression(.call(function, arguments), function.range.union(previous.range))
    }

    // list := '[' [expression {',' expression} [',']] ']'
    private mutating func parseList() throws -> Expression {
        let open = current.range
        advance()
        var elements = [Expression]()
        while !check(.rightBracket) {
            elements.append(try parseExpression())
            if !match(.comma) { break }
        }
        try expectClosing(.rightBracket, opening: .leftBracket, at: open)
        return Expression(.list(elements), open.union(previous.range))
    }

    // record := '{' [field {',' field} [',']] '}'      field := (NAME | STRING) ':' expression
    private mutating func parseRecord() throws -> Expression {
        let open = current.range
        advance()
        var fields = [RecordField]()
        var keys = Set<String>()
        while !check(.rightBrace) {
            let key: Name
            switch current.kind {
            case .identifier(let text): key = Name(text, current.range)
            case .string(let text): key = Name(text, current.range)
            case .keyword(let k): key = Name(k.rawValue, current.range)
            default: throw expected("a field name in the record")
            }
            advance()
            if !keys.insert(key.text).inserted {
                error("duplicate field '\(key.text)' in record", at: key.range)
            }
            try expect(.colon, "':' after the field name '\(key.text)'")
            fields.append(RecordField(key: key, value: try parseExpression()))
            if !match(.comma) { break }
        }
        try expectClosing(.rightBrace, opening: .leftBrace, at: open)
        return Expression(.record(fields), open.union(previous.range))
    }

    // MARK: Token helpers

    private var current: Token { tokens[index] }
    private var peek: Token { tokens[Swift.min(index + 1, tokens.count - 1)] }
    private var previous: Token { tokens[Swift.max(0, index - 1)] }

    private mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    private func check(_ symbol: Symbol) -> Bool { current.kind == .symbol(symbol) }

    private mutating func match(_ symbol: Symbol) -> Bool {
        guard check(symbol) else { return false }
        advance()
        return true
    }

    private func isWord(_ word: String) -> Bool { current.kind == .identifier(word) }

    private func startsExpression(_ kind: Token.Kind) -> Bool {
        switch kind {
        case .number, .string, .identifier: return true
        case .keyword(let k): return [.true, .false, .not, .load, .split, .preprocess, .train, .test].contains(k)
        case .symbol(let s): return [.leftParen, .leftBracket, .leftBrace, .minus, .plus].contains(s)
        default: return false
        }
    }

    private mutating func skipNewlines() {
        while case .newline = current.kind { advance() }
    }

    private mutating func expect(_ symbol: Symbol, _ what: String) throws {
        guard match(symbol) else { throw expected(what) }
    }

    private mutating func expectClosing(_ symbol: Symbol, opening: Symbol, at openRange: SourceRange) throws {
        guard match(symbol) else {
            // The lexer has already said this bracket is never closed (looked up by place: a
            // pass over every error so far, for each of thousands of statements, is quadratic).
            if reportedStarts.contains(openRange.start) { throw SyntaxError() }
            throw expected("'\(symbol.rawValue)' to close '\(opening.rawValue)' at line \(source.line(of: openRange.start))")
        }
    }

    private mutating func expectWord(_ word: String, after what: String) throws {
        guard isWord(word) else { throw expected("'\(word)' after \(what)") }
        advance()
    }

    private mutating func expectName(_ what: String) throws -> Name {
        guard case .identifier(let text) = current.kind else { throw expected(what) }
        let name = Name(text, current.range)
        advance()
        return name
    }

    /// Column names may be written bare or quoted ("petal length").
    private mutating func expectColumnName(_ what: String) throws -> Name {
        if case .string(let text) = current.kind {
            let name = Name(text, current.range)
            advance()
            return name
        }
        return try expectName(what)
    }

    /// After '.', keywords are ordinary names (`report.test`, `row.in`).
    private mutating func expectFieldName() throws -> Name {
        switch current.kind {
        case .identifier(let text):
            defer { advance() }
            return Name(text, current.range)
        case .keyword(let k):
            defer { advance() }
            return Name(k.rawValue, current.range)
        default:
            throw expected("a field name after '.'")
        }
    }

    private mutating func expectEndOfStatement() throws {
        switch current.kind {
        case .newline: advance()
        case .endOfFile, .dedent: break
        default: throw expected("end of line after the statement")
        }
    }

    private func lastExpressionKind(_ kind: Statement.Kind) -> Expression.Kind? {
        switch kind {
        case .assign(_, let e), .expression(let e): return e.kind
        default: return nil
        }
    }

    /// Skips the statement that failed to parse; after one too deeply nested, also the
    /// block it opens, so that nesting too deep is reported once, not once a line.
    private mutating func recover() {
        synchronise()
        if refusedAsTooDeep, case .indent = current.kind { skipBlock() }
        refusedAsTooDeep = false
    }

    /// Skips an indented block, from its INDENT to the DEDENT that closes it.
    private mutating func skipBlock() {
        var depth = 0
        repeat {
            switch current.kind {
            case .indent: depth += 1
            case .dedent: depth -= 1
            case .endOfFile: return
            default: break
            }
            advance()
        } while depth > 0
    }

    /// Skips to the start of the next statement at this block level.
    private mutating func synchronise() {
        var depth = 0
        while true {
            switch current.kind {
            case .endOfFile: return
            case .newline where depth == 0:
                advance()
                return
            case .indent: depth += 1
            case .dedent:
                if depth == 0 { return }
                depth -= 1
            default: break
            }
            advance()
        }
    }

    // MARK: Diagnostics

    private mutating func expected(_ what: String) -> SyntaxError {
        errorThrown("expected \(what), found \(current.kind)", at: current.range)
    }

    private mutating func errorThrown(_ message: String, at range: SourceRange, notes: [String] = []) -> SyntaxError {
        error(message, at: range, notes: notes)
        return SyntaxError()
    }

    private mutating func error(_ message: String, at range: SourceRange, notes: [String] = []) {
        // A lexical error at the same spot, or stray characters before it on its line, already explain the problem.
        if let stray = strayCharacters[source.line(of: range.start)], stray <= range.start { return }
        guard reportedStarts.insert(range.start).inserted else { return }
        diagnostics.append(Diagnostic(.error, message, at: range, in: source, notes: notes))
    }
}
