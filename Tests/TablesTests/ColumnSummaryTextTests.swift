import Foundation
import Testing

@testable import Tables

/// `ColumnSummary.reflectedText` spells a summary exactly as `String(describing:)`
/// does (run records hash that text), without the runtime's reflection.
@Suite struct ColumnSummaryTextTests {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: ["iris", "penguins", "wine", "diabetes", "breast_cancer"])
    func datasetSummaries(_ name: String) throws {
        let table = try TableLoader.load(path: Self.root.appendingPathComponent("datasets/\(name).csv").path).table
        for summary in table.describe() { #expect(summary.reflectedText == String(describing: summary)) }
    }

    @Test func everyKindOfColumn() throws {
        let text = "n,i,b,c,t,e,\"o\"\"d\u{9}é\"\n1.5,1,true,a,x y,,1\n-0.0,2,false,a,\"q\"\"z\",,-inf\ninf,,true,b,é,,2\n1e300,-3,,,w,,3\n"
        let table = try TableLoader.load(data: Array(text.utf8), name: "kinds.csv", options: LoadOptions(columnTypes: ["c": .categorical])).table
        let summaries = table.describe()
        #expect(summaries.map(\.type) == [.number, .integer, .boolean, .categorical, .text, .number, .number])
        #expect(summaries[0].numeric?.sd.isNaN == true && summaries[6].numeric?.mean == -.infinity)
        for summary in summaries { #expect(summary.reflectedText == String(describing: summary)) }
    }
}
