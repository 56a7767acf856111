import Language
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

    @Test func otherParametersReadTheValueAsBefore() throws {
        let program = Parser.parse(SourceFile(name: "o.mlx", text: "param l = [1]\n")).program
        #expect(try ParameterOverrides.values(["l=2"], for: program) == ["l": .number(2)])
        #expect(try ParameterOverrides.values(["l='quoted'"], for: program) == ["l": .string("quoted")])
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
