import Language
import Tables
import Testing

@testable import Console

/// Tab completion as a pure function of the text before the cursor.
@Suite struct CompletionTests {
    let context: Completion.Context

    init() throws {
        let iris = try Table(columns: [
            Column.numbers("sepal_length", [5.1]), Column.numbers("sepal_width", [3.5]), Column.texts("odd name", ["x"]),
        ])
        let files: [String: [String]] = [
            "": ["datasets/", "data.csv", ".hidden", "notes.txt"], "datasets/": ["iris.csv", "irregular.tsv", "wine.csv"],
        ]
        context = Completion.Context(variables: [
            "iris": .table(iris), "mean_value": .number(1), "report": .record(Record([("accuracy", .number(0.9))])),
        ]) { files[$0] }
    }

    func complete(_ text: String) -> Completion { Completion.complete(text, in: context) }

    @Test func keywordsBuiltinsAndVariables() {
        #expect(complete("x = mea") == Completion(replacing: "mea", candidates: ["mean", "mean_value"]))
        #expect(complete("transp") == Completion(replacing: "transp", candidates: ["transpose"]))
        #expect(complete("prep").candidates == ["preprocess"])
        #expect(complete("f = ir").candidates == ["iris"])
        #expect(complete("x = 1").candidates.isEmpty)
        #expect(complete("x = ").candidates.isEmpty)
    }

    @Test func columnNamesAfterATableAndFieldsAfterARecord() {
        #expect(complete("mean(iris.sep") == Completion(replacing: "sep", candidates: ["sepal_length", "sepal_width"]))
        #expect(complete("iris.").candidates == ["sepal_length", "sepal_width"])
        #expect(complete("report.acc").candidates == ["accuracy"])
        #expect(complete("mean_value.x").candidates.isEmpty)
        #expect(complete("unknown.x").candidates.isEmpty)
    }

    @Test func pathsInsideLoad() {
        #expect(
            complete("iris = load \"datasets/ir")
                == Completion(replacing: "datasets/ir", candidates: ["datasets/iris.csv", "datasets/irregular.tsv"]))
        #expect(complete("load \"da") == Completion(replacing: "da", candidates: ["data.csv", "datasets/"]))
        #expect(complete("load '").candidates == ["data.csv", "datasets/", "notes.txt"])
        #expect(complete("load \"nowhere/x").candidates.isEmpty)
        #expect(complete("print(\"da").candidates.isEmpty)
    }

    /// With nothing after the cursor, a quoted path completed to one file gets the
    /// quote it opened with; a folder, several files or text after the cursor do not.
    @Test func aSingleFileClosesItsString() {
        func atLineEnd(_ text: String) -> [String] { Completion.complete(text, lineEndsAtCursor: true, in: context).candidates }
        #expect(atLineEnd("iris = load \"datasets/iris") == ["datasets/iris.csv\""])
        #expect(atLineEnd("load 'datasets/w") == ["datasets/wine.csv'"])
        #expect(atLineEnd("load \"datasets/ir") == ["datasets/iris.csv", "datasets/irregular.tsv"])
        #expect(atLineEnd("load \"datase") == ["datasets/"])
        #expect(atLineEnd(":load \"datasets/w") == ["datasets/wine.csv\""])
        #expect(atLineEnd(":save 'no") == ["notes.txt'"])
        #expect(atLineEnd(":load datasets/w") == ["datasets/wine.csv"])
        #expect(complete("load \"datasets/iris").candidates == ["datasets/iris.csv"])
    }

    @Test func metaCommandsAndTheirArguments() {
        #expect(complete(":h") == Completion(replacing: ":h", candidates: [":help", ":history"]))
        #expect(complete(":help med").candidates == ["median"])
        #expect(complete(":help ste").candidates == ["steps"])
        #expect(complete(":help stat").candidates == ["statistics"])
        #expect(complete(":load datasets/w").candidates == ["datasets/wine.csv"])
        // A quoted path (one with spaces) completes after its quote.
        #expect(complete(":load \"datasets/w") == Completion(replacing: "datasets/w", candidates: ["datasets/wine.csv"]))
        #expect(complete(":save 'no").candidates == ["notes.txt"])
    }

    @Test func realDirectoriesAreListedWithSlashes() {
        let repository = ReplSessionTests.repository
        let real = Completion.Context(variables: [:], workingDirectory: repository)
        #expect(Completion.complete("load \"datase", in: real).candidates == ["datasets/"])
        #expect(Completion.complete("load \"datasets/iri", in: real).candidates == ["datasets/iris.csv"])
    }
}
