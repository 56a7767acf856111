import Language
import Numerics
import Testing

@testable import Console

/// `--set name=value` is checked against the parameter's default: numbers
/// take numbers as the language writes them, booleans take true or false.
@Suite struct ParameterOverridesTests {
    static let program = Parser.parse(SourceFile(name: "p.mlx", text: "param c = 1.0\nparam n = -2\nparam b = true\nparam label = \"x\"\nparam c = 5\n")).program

    static func values(_ items: [String]) throws(ParameterOverrides.Refusal) -> [String: Value] {
        try ParameterOverrides.values(items, for: program)
    }

    static func refusal(_ items: [String]) -> String? {
        do {
            _ = try values(items)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func numbersAreReadAsTheLanguageWritesThem() throws {
        #expect(try Self.values(["c=0.25", "n=-3", "label=b c"]) == ["c": .number(0.25), "n": .number(-3), "label": .string("b c")])
        #expect(try Self.values(["c=1_000"]) == ["c": .number(1000)])
        #expect(try Self.values(["c=+2.5e-3"]) == ["c": .number(0.0025)])
        #expect(try Self.values(["c= 7 "]) == ["c": .number(7)])
        for bad in ["abc", "", "nan", "inf", "0x10", "1 2", "--1", "1e", "(1)"] {
            #expect(Self.refusal(["c=" + bad]) == "--set c: expected a number, got '\(bad)'", "\(bad)")
        }
    }

    @Test func booleansTakeOnlyTrueOrFalse() throws {
        #expect(try Self.values(["b=false"]) == ["b": .boolean(false)])
        #expect(Self.refusal(["b=yes"]) == "--set b: expected true or false, got 'yes'")
        #expect(Self.refusal(["b=1"]) == "--set b: expected true or false, got '1'")
    }

    @Test func stringsTakeTheTextAsGiven() throws {
        // A number or boolean given to a string parameter is still text: the script adds strings to it.
        #expect(try Self.values(["label=2"]) == ["label": .string("2")])
        #expect(try Self.values(["label=true"]) == ["label": .string("true")])
        #expect(try Self.values(["label='quoted'", "c=1"]) == ["label": .string("quoted"), "c": .number(1)], "quotes are optional")
        #expect(try Self.values(["label=\"2\""]) == ["label": .string("2")])
        #expect(try Self.values(["label="]) == ["label": .string("")])
    }

    /// The default's expression, not only a literal, tells the kind: `9 / 10` is a number.
    @Test func computedDefaultsAreCheckedByWhatTheyCompute() throws {
        let program = Parser.parse(SourceFile(name: "o.mlx", text: "param t = 9 / 10\nparam s = \"a\" + \"b\"\nparam f = 1 > 0 and true\n")).program
        #expect(try ParameterOverrides.values(["t=0.5", "s=2", "f=false"], for: program) == ["t": .number(0.5), "s": .string("2"), "f": .boolean(false)])
        for bad in ["abc", "nan", "inf", "0x1p-1"] {
            #expect(throws: ParameterOverrides.Refusal(message: "--set t: expected a number, got '\(bad)'")) { try ParameterOverrides.values(["t=" + bad], for: program) }
        }
        #expect(throws: ParameterOverrides.Refusal(message: "--set f: expected true or false, got '1'")) { try ParameterOverrides.values(["f=1"], for: program) }
    }

    /// A list default takes a list written in the language, built as the language builds it.
    @Test func listDefaultsTakeListsWrittenInTheLanguage() throws {
        let program = Parser.parse(SourceFile(name: "o.mlx", text: "param l = [1]\nparam names = [\"a\", \"b\"]\n")).program
        #expect(try ParameterOverrides.values(["l=[4, -5]"], for: program) == ["l": .vector(Vector([4, -5]))])
        #expect(try ParameterOverrides.values(["names=[\"sepal_length\"]"], for: program) == ["names": .list([.string("sepal_length")])])
        for bad in ["2", "sepal", "[1, x]", "[[1, 2], [3]]", "[load \"a.csv\"]", "[1"] {
            #expect(
                throws: ParameterOverrides.Refusal(message: "--set l: expected a list written as in the language, such as [1, 2] or [\"a\", \"b\"], got '\(bad)'")
            ) { try ParameterOverrides.values(["l=" + bad], for: program) }
        }
    }

    /// A list's literal text reads back as the same value, so a run's recorded parameters and
    /// `export --to mlx` write lists as the language does; a long list is named by its type.
    @Test func listsAreWrittenAsLiteralsThatReadBack() throws {
        for text in ["[4, -5]", "[[1, 2], [3, 4]]", "[\"a\", 1, true, [2, 3]]", "[]"] {
            let value = try #require(Value(literal: text), "\(text)")
            #expect(value.literalText == text)
            #expect(Value(literal: value.literalText) == value)
        }
        #expect(Value.vector(Vector((0..<101).map(Double.init))).literalText == "vector")
        #expect(Value(literal: "[1, x]") == nil && Value(literal: "[mean([1])]") == nil)
    }

    /// A default whose expression does not tell (a call) takes a number as the language writes
    /// it, a boolean, a list, or else the text.
    @Test func otherParametersTakeTheLanguagesValues() throws {
        let program = Parser.parse(SourceFile(name: "o.mlx", text: "param l = mean([1])\n")).program
        #expect(try ParameterOverrides.values(["l=2"], for: program) == ["l": .number(2)])
        #expect(try ParameterOverrides.values(["l=[2, 3]"], for: program) == ["l": .vector(Vector([2, 3]))])
        #expect(try ParameterOverrides.values(["l=true"], for: program) == ["l": .boolean(true)])
        #expect(try ParameterOverrides.values(["l='quoted'"], for: program) == ["l": .string("quoted")])
        #expect(try ParameterOverrides.values(["l=inf"], for: program) == ["l": .string("inf")], "not a number literal of the language")
    }

    @Test func unknownNamesAndMissingEqualsAreRefused() {
        #expect(Self.refusal(["d=1"]) == "--set d: the script has no parameter 'd' (its parameters are c, n, b, label)")
        #expect(Self.refusal(["=1"]) == "--set needs name=value, got '=1'")
        #expect(Self.refusal(["c"]) == "--set needs name=value, got 'c'")
        let none = Parser.parse(SourceFile(name: "q.mlx", text: "x = 1\n")).program
        #expect(throws: ParameterOverrides.Refusal(message: "--set c: the script has no parameter 'c' (the script declares no parameters)")) {
            try ParameterOverrides.values(["c=1"], for: none)
        }
    }
}
