import Foundation
import Testing

@testable import Tables

/// Decoding errors read as the place in the document and the problem, not Swift's case names.
@Suite struct DecodingProblemTests {
    struct Step: Decodable { let step: String; let scale: Double; let columns: [String]; let enabled: Bool }
    struct Document: Decodable { let version: Int; let steps: [Step] }

    static func problem(_ json: String) -> String {
        do {
            _ = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
            return "decoded"
        } catch {
            return DecodingProblem.describe(error)
        }
    }

    @Test func eachKindOfErrorNamesItsPlace() {
        let step = #"{"step": "s", "scale": 1, "columns": ["a"], "enabled": true}"#
        #expect(Self.problem(#"{"version": 1, "steps": [\#(step)]}"#) == "decoded")
        #expect(Self.problem(#"{"version": "one", "steps": []}"#) == "version: expected a whole number")
        #expect(Self.problem(#"{"version": 1, "steps": [\#(step), {"step": "s", "scale": 1, "columns": ["a"], "enabled": "yes"}]}"#)
            == "steps[1].enabled: expected true or false")
        #expect(Self.problem(#"{"version": 1, "steps": [{"step": "s", "columns": ["a"], "enabled": true}]}"#)
            == "steps[0]: the field 'scale' is missing")
        #expect(Self.problem(#"{"version": 1, "steps": [{"step": "s", "scale": null, "columns": ["a"], "enabled": true}]}"#)
            == "steps[0].scale: no value where a number was expected")
        #expect(Self.problem(#"{"version": 1, "steps": [{"step": "s", "scale": 1, "columns": "a", "enabled": true}]}"#)
            == "steps[0].columns: expected a list")
        #expect(Self.problem(#"{"version": 1, "steps": x}"#).hasPrefix("not valid JSON"))
        #expect(Self.problem(#"{"steps": []}"#) == "the field 'version' is missing")
    }

    @Test func aStepThatIsNotKnownIsNamedWithItsPlace() throws {
        let json = #"{"format": 1, "steps": [{"step": "bogus", "parameters": {}}], "fittedRows": []}"#
        let problem = try #require(throws: DecodingError.self) { try JSONDecoder().decode(FittedPreprocessor.self, from: Data(json.utf8)) }
        #expect(DecodingProblem.describe(problem) == "steps[0].step: unknown preprocessing step 'bogus'")
    }
}
