import Testing
@testable import Language

@Suite struct ParserTests {
    static func parse(_ text: String) -> (Program, [Diagnostic]) {
        Parser.parse(SourceFile(name: "test.mlx", text: text))
    }

    static func errors(_ text: String) -> String {
        DiagnosticRenderer().render(parse(text).1)
    }

    @Test func theSpecExampleParses() {
        let text = """
            # scripts/iris.mlx: classify iris species, gate on quality, ship
            seed 42
            param c = 1.0

            iris = load "datasets/iris.csv"
            describe iris

            train_set, test_set = split iris 0.8 stratify species

            features = preprocess train_set:
                fill_missing median
                standardize sepal_length, sepal_width, petal_length, petal_width

            model = train logistic on features target species with c = c, max_iter = 200
            report = test model on test_set
            report

            assert report.accuracy >= 0.9, "accuracy regressed"
            assert predict(model, {sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2}) == "setosa"
            for c in [0.1, 1, 10]:
                m = train logistic on features target species with c = c
                print(c)
            deploy model as "iris"
            """
        let (program, diagnostics) = Self.parse(text)
        #expect(diagnostics.isEmpty, "\(DiagnosticRenderer().render(diagnostics))")
        #expect(program.statements.count == 13)
        guard case .assign(let names, let split) = program.statements[4].kind else { Issue.record("split"); return }
        #expect(names.map(\.text) == ["train_set", "test_set"])
        guard case .split(_, let fraction, let stratify) = split.kind else { Issue.record("split kind"); return }
        #expect(fraction.kind == .number(0.8) && stratify?.text == "species")
        guard case .assign(_, let prep) = program.statements[5].kind, case .preprocess(_, let steps) = prep.kind else { Issue.record("prep"); return }
        #expect(steps.map(\.name.text) == ["fill_missing", "standardize"])
        #expect(steps[1].words.count == 4)
        guard case .forLoop(let v, _, let body) = program.statements[11].kind else { Issue.record("for"); return }
        #expect(v.text == "c" && body.count == 2)
    }

    @Test func precedenceAndAssociativity() {
        let (program, d) = Self.parse("x = -2 ^ 2 + 3 * 4 @ m == 1 or not a and b\n")
        #expect(d.isEmpty)
        guard case .assign(_, let e) = program.statements[0].kind, case .binary(.or, let left, let right) = e.kind else { Issue.record("or"); return }
        guard case .binary(.equal, let sum, _) = left.kind, case .binary(.add, let negated, let product) = sum.kind else { Issue.record("=="); return }
        guard case .unary(.negate, let power) = negated.kind, case .binary(.power, _, _) = power.kind else { Issue.record("-(2^2)"); return }
        guard case .binary(.matrixProduct, let times, _) = product.kind, case .binary(.multiply, _, _) = times.kind else { Issue.record("left-assoc * @"); return }
        guard case .binary(.and, let notA, _) = right.kind, case .unary(.not, _) = notA.kind else { Issue.record("not binds tighter than and"); return }
    }

    @Test func literalsFieldsIndexesAndCalls() {
        let (program, d) = Self.parse(#"r = {a: [[1, 2], [3, 4]], "b c": iris["petal length"].mean, test: f(1, k = "x\n")}"#)
        #expect(d.isEmpty, "\(DiagnosticRenderer().render(d))")
        guard case .assign(_, let e) = program.statements[0].kind, case .record(let fields) = e.kind else { Issue.record("record"); return }
        #expect(fields.map(\.key.text) == ["a", "b c", "test"])
        guard case .call(let f, let args) = fields[2].value.kind else { Issue.record("call"); return }
        #expect(f.text == "f" && args[1].label?.text == "k" && args[1].value.kind == .string("x\n"))
    }

    @Test func unclosedParenthesisNamesTheOpeningLine() {
        #expect(Self.errors("x = mean(iris.a\ny = 2\n") == """
            test.mlx:1:9: error: '(' is never closed
              1 | x = mean(iris.a
                |         ^
                = help: add ')'
            """)
    }

    /// A CRLF line end is one line end: errors at it have the columns the LF file gives.
    @Test func crlfLineEndsGiveTheColumnsOfLFOnes() {
        let lf = "x = 1\ny = (2 +\nassert x == 2\n"
        let place = { (text: String) in Self.parse(text).1.map { "\($0.line):\($0.column) \($0.message)" } }
        #expect(place(lf) == ["2:5 '(' is never closed", "2:9 expected an expression, found end of line"])
        #expect(place(lf.replacingOccurrences(of: "\n", with: "\r\n")) == place(lf))
    }

    @Test func everyErrorIsReportedInOnePass() {
        let text = """
            x = 1 +
            y = (2 * 3
            z = 4
            assert
            w = [1, 2,, 3]
            """
        let rendered = Self.errors(text)
        #expect(rendered == """
            test.mlx:1:8: error: expected an expression, found end of line
              1 | x = 1 +
                |        ^
            
            test.mlx:2:5: error: '(' is never closed
              2 | y = (2 * 3
                |     ^
                = help: add ')'

            test.mlx:4:7: error: expected an expression, found end of line
              4 | assert
                |       ^

            test.mlx:5:11: error: expected an expression, found ','
              5 | w = [1, 2,, 3]
                |           ^
            """)
        let (_, afterRecovery) = Self.parse("x = 1 +\nz = 4\nassert\nw = [1, 2,, 3]\n")
        #expect(afterRecovery.map(\.line) == [1, 3, 4])
        #expect(afterRecovery.map(\.message) == [
            "expected an expression, found end of line",
            "expected an expression, found end of line",
            "expected an expression, found ','",
        ])
    }

    @Test func keywordConstructsSayWhatIsMissing() {
        #expect(Self.errors("m = train logistic features target y\n") == """
            test.mlx:1:20: error: expected 'on' after the model kind in 'train', found 'features'
              1 | m = train logistic features target y
                |                    ^~~~~~~~
            """)
        #expect(Self.parse("r = test m\n").1.first?.message == "expected 'on' after the model in 'test', found end of line")
        #expect(Self.parse("deploy m \"x\"\n").1.first?.message == "expected 'as' after the model in 'deploy', found a string")
        #expect(Self.parse("a, b = split t\n").1.first?.message == "expected the training fraction after the table, as in 'split data 0.8', found end of line")
        #expect(Self.parse("f(x) = 3\n").1.first?.message == "cannot assign to this expression")
        #expect(Self.parse("a < b < c\n").1.first?.message == "comparisons cannot be chained")
    }

    @Test func nestingAndChainsAreBoundedBeforeTheyExhaustTheStack() {
        let limit = Parser.nestingLimit, chain = Parser.chainLimit
        let nested = "x = " + String(repeating: "(", count: limit) + "1" + String(repeating: ")", count: limit) + "\n"
        #expect(Self.parse(nested).1.isEmpty)
        let tooNested = "too deeply nested: more than \(limit) levels of brackets, signs or blocks"
        for (opening, closing) in [("(", ")"), ("[", "]"), ("{a:", "}"), ("-", ""), ("not ", ""), ("2^", ""), ("f(", ")")] {
            let text = "x = " + String(repeating: opening, count: 100_000) + "1" + String(repeating: closing, count: 100_000) + "\n"
            let diagnostics = Self.parse(text).1
            #expect(diagnostics.count == 1 && diagnostics.first?.message == tooNested, "\(opening)")
            // The caret is where the limit was crossed, not at the end of the input.
            #expect(diagnostics.first.map { $0.range.start < 4 + (limit + 3) * opening.count } == true, "\(opening)")
        }
        // Unclosed brackets past the limit are one error too, not one per bracket.
        for opening in ["(", "[", "{a:", "f("] {
            let diagnostics = Self.parse("x = " + String(repeating: opening, count: 100_000) + "\n").1
            #expect(diagnostics.map(\.message) == [tooNested], "\(opening)")
        }
        let unclosed = Self.parse("x = " + String(repeating: "(", count: limit) + "\n").1
        #expect(unclosed.filter { $0.message == "'(' is never closed" }.count == limit)
        let loops = (0...limit).map { String(repeating: " ", count: $0) + "for i in [1]:\n" }.joined() + String(repeating: " ", count: limit + 1) + "x = 1\n"
        #expect(Self.parse(loops).1.first?.message == tooNested)
        // Loops nested far too deep are one error: the block past the limit is skipped whole,
        // and the statements after it are parsed at their own level.
        let deeper = (0..<3000).map { String(repeating: " ", count: $0) + "for i in [1]:\n" }.joined() + String(repeating: " ", count: 3000) + "x = 1\n"
        let (outer, deep) = Self.parse("for j in [1]:\n" + deeper.split(separator: "\n").map { " " + $0 }.joined(separator: "\n") + "\n y = 1 +\nz = 2\n")
        #expect(deep.map(\.message) == [tooNested, "expected an expression, found end of line"], "\(deep.count) errors")
        #expect(deep.last?.line == 3003, "y = 1 + is checked")
        #expect(outer.statements.count == 2, "z = 2 at the top level")

        let longest = "x = " + Array(repeating: "1", count: chain + 1).joined(separator: "+") + "\n"
        #expect(Self.parse(longest).1.isEmpty)
        let tooLong = "expression too long: more than \(chain) operations inside one another or one after another"
        for joiner in ["+", "*", " and ", " or "] {
            let text = "x = " + Array(repeating: "1", count: 100_000).joined(separator: joiner) + "\n"
            #expect(Self.parse(text).1.first?.message == tooLong, "\(joiner)")
        }
        #expect(Self.parse("x = r" + String(repeating: ".a", count: chain + 1) + "\n").1.first?.message == tooLong)
        #expect(Self.parse("x = r" + String(repeating: "[0]", count: chain + 1) + "\n").1.first?.message == tooLong)
        // A chain inside brackets counts toward the chain around them.
        let inner = "(" + Array(repeating: "1", count: chain / 2 + 1).joined(separator: "+") + ")"
        #expect(Self.parse("x = " + inner + String(repeating: "+1", count: chain / 2) + "\n").1.isEmpty)
        #expect(Self.parse("x = " + inner + String(repeating: "+1", count: chain / 2 + 1) + "\n").1.first?.message == tooLong)
        // The statements after one refused go on parsing.
        let (program, diagnostics) = Self.parse("y = " + String(repeating: "-", count: 300) + "1\nz = 2\n")
        #expect(diagnostics.count == 1 && program.statements.count == 1, "z = 2 parsed")
    }

    /// Every statement of a long script left with an unclosed bracket costs the same:
    /// looking for an earlier error at the same spot is no pass over all errors so far.
    @Test func manyUnclosedStatementsTakeLinearTime() {
        // A guard against quadratic work, not a benchmark: linear takes a second or two
        // in a debug build on a busy machine, quadratic (every error compared with every
        // earlier one) minutes.
        let took = ContinuousClock().measure { _ = Self.parse(String(repeating: "x = (\n", count: 100_000)) }
        #expect(took < .seconds(30), "\(took) for 100,000 unclosed statements")
        // A bracket left open after a value: the parser finds the lexer's error about it by place.
        let afterValue = ContinuousClock().measure {
            #expect(Self.parse(String(repeating: "x = (1 2\n", count: 100_000)).1.count == 100_000)
        }
        #expect(afterValue < .seconds(30), "\(afterValue) for 100,000 brackets left open after a value")
        // Stray and mismatched closing brackets: one error a line, each located on a long line.
        let stray = ContinuousClock().measure {
            #expect(Self.parse(String(repeating: ")", count: 100_000) + "\n").1.count == 1)
            #expect(Self.parse(String(repeating: "(", count: 100_000) + String(repeating: "]", count: 100_000) + "\n").1.count <= 2)
        }
        #expect(stray < .seconds(30), "\(stray) for lines of 100,000 stray brackets")
        #expect(Self.parse("x = (1]\ny = [2)\n").1.map(\.message) == [
            "expected ')' to close '(' at line 1, found ']'", "expected ']' to close '[' at line 2, found ')'",
        ])
    }

    /// Checking a record's fields for duplicates takes a set, not a pass over the fields so far.
    @Test func aRecordWithManyFieldsParsesInLinearTime() {
        let fields = (0..<100_000).map { "k\($0): 1" }.joined(separator: ", ")
        // Linear takes about a second in a debug build; quadratic, minutes.
        let took = ContinuousClock().measure {
            let (program, diagnostics) = Self.parse("x = {" + fields + ", k7: 2}\n")
            #expect(diagnostics.map(\.message) == ["duplicate field 'k7' in record"] && program.statements.count == 1)
        }
        #expect(took < .seconds(20), "\(took) for a record of 100,000 fields")
    }

    @Test func lexicalErrors() {
        #expect(Self.errors("s = \"open\n") == """
            test.mlx:1:5: error: unterminated string
              1 | s = "open
                |     ^~~~~
                = help: close it with " on the same line
            """)
        #expect(Self.parse("x = 3abc\n").1.first?.message == "invalid number '3abc'")
        #expect(Self.parse("x = 1 $ 2\n").1.first?.message == "unexpected character '$'")
        #expect(Self.parse("x = (1]\n").1.first?.message == "expected ')' to close '(' at line 1, found ']'")
        #expect(Self.parse("for i in [1]:\n\tprint(i)\n").1.first?.message == "indent with spaces, not tabs")
        #expect(Self.parse("x = \"\\q\"\n").1.first?.message == "unknown escape '\\q'")
        #expect(Self.parse("  x = 1\n").1.first?.message == "unexpected indentation")
    }

    @Test func bracketsContinueLinesUnlessAStatementClearlyStarts() {
        let (program, d) = Self.parse("x = f(1,\nk = 3)\ny = [1,\n     2]\nm = [[1, 2],\n[3, 4]]\n")
        #expect(d.isEmpty, "\(DiagnosticRenderer().render(d))")
        #expect(program.statements.count == 3)
    }

    @Test func blocksAndDedentMismatch() {
        let (_, d) = Self.parse("for i in [1, 2]:\n    x = i\n  y = 2\n")
        #expect(d.first?.message == "this line's indentation does not match any enclosing block")
        let (program, ok) = Self.parse("for i in [1, 2]: print(i)\nx = 1\n")
        #expect(ok.isEmpty && program.statements.count == 2)
    }

    /// A run of characters that start no token is one error, not one per character.
    @Test func aRunOfStrayCharactersIsOneError() {
        #expect(Self.parse("x = 1 $?;\n").1.map(\.message) == ["unexpected characters '$?;'"])
        let long = Self.parse("x = 1 " + String(repeating: "$", count: 20_000) + " + \u{0}\u{0}\n").1
        #expect(long.map(\.message).prefix(2) == ["unexpected characters '$$$$$$$$$$…' (20000 in a row)", "unexpected characters '\u{0}\u{0}'"])
        #expect(long.first?.range == SourceRange(6, 20_006))
        // `!=` is an operator even right after a stray character.
        #expect(Self.parse("x = 1 $!= 2\n").1.map(\.message) == ["unexpected character '$'"])
        // What the parser misses after them on their line is their doing; other lines still count.
        #expect(Self.parse("w = $$$\nc = 2 $ 3\nb = 1 +\n").1.map(\.message) == [
            "unexpected characters '$$$'", "unexpected character '$'", "expected an expression, found end of line",
        ])
        #expect(Self.parse("a = ) $$\n").1.map(\.message) == ["unmatched ')'", "unexpected characters '$$'"])
    }

    /// An error costs the same to show on a line of a megabyte as on a short one: only the
    /// window around its caret is read, and columns are counted on from the error before.
    @Test func errorsOnALongLineRenderInBoundedTime() {
        let text = "x = 1" + String(repeating: " $", count: 2_000) + " " + String(repeating: "a", count: 1_000_000) + " $\n"
        let diagnostics = Self.parse(text).1
        #expect(diagnostics.count == 2_001, "each $ (the name where the statement should end is their doing)")
        // Linear takes well under a second in a debug build; reading the line for every error, minutes.
        var rendered = [String]()
        let took = ContinuousClock().measure { rendered = diagnostics.map(DiagnosticRenderer().render) }
        #expect(took < .seconds(20), "\(took) for 2,001 errors on a line of a megabyte")
        #expect(DiagnosticRenderer().renderEach(diagnostics) == rendered, "columns counted on from one error to the next")
        let last = rendered.last!.split(separator: "\n")
        #expect(last[1].hasPrefix("  1 | …aaa") && last[1].hasSuffix("aaa $") && last[1].count < DiagnosticRenderer.lineWidth + 10)
        #expect(last[2].count == last[1].count && last[2].hasSuffix("^"), "the caret under the last $")
    }

    /// A script of a million errors shows the first hundred and says how many more there are.
    @Test func aLongListOfErrorsIsCut() {
        let diagnostics = Self.parse(String(repeating: "x = )\n", count: 150)).1
        #expect(diagnostics.count == 150)
        let rendered = DiagnosticRenderer().render(diagnostics)
        #expect(rendered.components(separatedBy: "error: unmatched ')'").count - 1 == DiagnosticRenderer.maximumShown)
        #expect(rendered.hasSuffix("test.mlx:100:5: error: unmatched ')'\n  100 | x = )\n      |     ^\n\n… and 50 more errors (only the first 100 are shown)"))
        #expect(!DiagnosticRenderer().render(Array(diagnostics.prefix(100))).contains("more error"))
    }

    @Test func incompleteInputKeepsTheReplReading() {
        #expect(Lexer.isIncomplete("x = mean(1,"))
        #expect(Lexer.isIncomplete("[1, 2,\n 3"))
        #expect(Lexer.isIncomplete("for c in [1, 2]:"))
        #expect(Lexer.isIncomplete("for c in [1, 2]:\n    print(c)"))
        #expect(!Lexer.isIncomplete("for c in [1, 2]:\n    print(c)\n"))
        // A string is on one line: once its line ended unclosed, no later line can finish it.
        #expect(!Lexer.isIncomplete("s = \"abc"))
        #expect(!Lexer.isIncomplete("x = (\"abc"))
        #expect(!Lexer.isIncomplete("for c in [1]:\n    print('abc"))
        #expect(!Lexer.isIncomplete("x = 1"))
        #expect(!Lexer.isIncomplete("x = (1))"))
        // Comments are not code: one ending in a colon opens no block, and one after a
        // header's colon leaves the block open until its empty line.
        #expect(!Lexer.isIncomplete("x = 1  # values:"))
        #expect(!Lexer.isIncomplete("for c in [1]: print(c)  # loop:"))
        #expect(Lexer.isIncomplete("for c in [1, 2]:  # loop\n    print(c)"))
        #expect(!Lexer.isIncomplete("for c in [1, 2]:  # loop\n    print(c)\n"))
    }

    @Test func controlCharactersLongLinesAndWideTextAreShownSafelyAndAligned() {
        // An escape sequence in a script is shown as control pictures, never sent to the terminal.
        let escape = Self.errors("x = 1 \u{1B}]0;pwned\u{7}\n")
        #expect(!escape.contains("\u{1B}") && !escape.contains("\u{7}"))
        #expect(escape.contains("unexpected character '\u{241B}'") && escape.contains("  1 | x = 1 \u{241B}]0;pwned\u{2407}"))
        // A long line is cut to a window around the caret.
        let long = Self.errors("x = \"" + String(repeating: "a", count: 5000) + "\" $ + 1\n")
        let shown = long.split(separator: "\n")
        #expect(shown.count == 3 && shown[1].count < DiagnosticRenderer.lineWidth + 20 && shown[1].hasPrefix("  1 | …aaa") && shown[1].hasSuffix("a\" $ + 1"))
        #expect(shown[2].hasSuffix("^") && shown[2].count == shown[1].count - 4, "the caret under the $")
        // Wide characters take two columns, so the caret stays under what it points at.
        #expect(Self.errors("x = \"日本\" $\n") == """
            test.mlx:1:10: error: unexpected character '$'
              1 | x = "日本" $
                |            ^
            """)
    }

    /// A zero-width character takes no column, so the caret stays under its place; a
    /// bidirectional control is shown as its escape, never raw, so it cannot reorder the line.
    @Test func formatCharactersAndBidirectionalControlsInTheSourceLine() {
        #expect(Self.errors("x = \"a\u{200B}b\" $\n") == """
            test.mlx:1:11: error: unexpected character '$'
              1 | x = "a\u{200B}b" $
                |          ^
            """)
        #expect(Self.errors("x = \"a\u{202E}b\u{2066}\" $\n") == """
            test.mlx:1:12: error: unexpected character '$'
              1 | x = "a\\u{202E}b\\u{2066}" $
                |                          ^
            """)
        #expect(Self.errors("x = \"\u{202E}\" +\n").contains("found end of line\n  1 | x = \"\\u{202E}\" +\n    | " + String(repeating: " ", count: 16) + "^"))
    }

    @Test func unicodeColumnsAndCaretsUnderWideText() {
        let rendered = Self.errors("résumé = 1 +\n")
        #expect(rendered == """
            test.mlx:1:13: error: expected an expression, found end of line
              1 | résumé = 1 +
                |             ^
            """)
    }
}
