import Foundation
import Hummingbird
import HummingbirdTesting
import Language
import Numerics
import Testing

@testable import Serving

/// A served prediction is the one the language's `predict` gives for the same
/// rows, to the bit: labels, probabilities, values and clusters.
@Suite struct PredictionParityTests {
    /// Rows written once, read both as JSON records and as mlx record literals.
    static let irisRows = [
        "{sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2}",
        "{sepal_length: 6.0, sepal_width: 2.7, petal_length: 5.1, petal_width: 1.6}",
        "{sepal_length: 6.3, sepal_width: 3.3, petal_length: 6.0, petal_width: 2.5}",
        "{sepal_length: 5.9, sepal_width: 3.0, petal_length: 4.2, petal_width: 1.5}",
    ]
    static let penguinRows = [
        #"{island: "Dream", bill_length_mm: 40.0, bill_depth_mm: 18.0, flipper_length_mm: 190, body_mass_g: 3800, sex: "male", year: 2008}"#,
        #"{island: "Biscoe", bill_length_mm: 47.5, bill_depth_mm: 15.0, flipper_length_mm: 218, body_mass_g: 4950, sex: "female", year: 2009}"#,
        #"{island: "Dream", bill_length_mm: 49.0, bill_depth_mm: 19.5, flipper_length_mm: 210, body_mass_g: 3950, sex: "male", year: 2008}"#,
    ]
    static let smokerRows = ["{age: 70, smoker: true}", "{age: 25, smoker: false}", "{age: 55, smoker: false}"]
    static let diabetesRows = [
        "{age: 59, sex: 2, bmi: 32.1, bp: 101.0, s1: 157, s2: 93.2, s3: 38.0, s4: 4.0, s5: 4.8598, s6: 87}",
        "{age: 48, sex: 1, bmi: 21.6, bp: 87.0, s1: 183, s2: 103.2, s3: 70.0, s4: 3.0, s5: 3.8918, s6: 69}",
    ]
    /// The clustering model's preprocessing drops species, so its rows have none.
    static let groupRows = irisRows

    /// `{name: 1}` as JSON: quote the keys.
    static func json(_ record: String) -> String {
        record.replacing(/([{,] ?)([a-z_0-9]+):/) { "\($0.output.1)\"\($0.output.2)\":" }
    }

    /// The reply to `/predict` for `rows`. Numbers are read with the standard library's
    /// correctly rounded `Double(String)` (through the server's parser), because Foundation's
    /// JSONSerialization on Linux can be a few units in the last place off.
    static func served(_ model: String, _ rows: [String]) async throws -> Served {
        try await ServingFixture.get().server(model).application().test(.router) { client in
            let reply = try await client.send(.post, "/predict", "[" + rows.map(json).joined(separator: ", ") + "]")
            #expect(reply.status == 200, "\(reply.text)")
            return Served(try JSONParser.parse(Array(reply.text.utf8)))
        }
    }

    /// The parts of a `/predict` reply.
    struct Served {
        let labels: [String]
        let numbers: [Double]
        let probabilities: [[String: Double]]

        init(_ reply: JSONValue) {
            guard case .array(let predictions)? = reply["predictions"] else {
                (labels, numbers, probabilities) = ([], [], [])
                return
            }
            labels = predictions.compactMap { if case .string(let s) = $0 { s } else { nil } }
            numbers = predictions.compactMap { if case .number(let x) = $0 { x } else { nil } }
            guard case .array(let rows)? = reply["probabilities"] else {
                probabilities = []
                return
            }
            probabilities = rows.map { row in
                guard case .object(let members) = row else { return [:] }
                return Dictionary(members.compactMap { member in if case .number(let x) = member.value { (member.key, x) } else { nil } }) { a, _ in a }
            }
        }
    }

    static func language(_ expression: String) throws -> Value { try ServingFixture.get().evaluate(expression) }

    @Test(arguments: [("iris", "iris_model", irisRows), ("penguins", "penguin_model", penguinRows), ("smokers", "smoker_model", smokerRows)])
    func classifiersMatchTheLanguage(model: String, variable: String, rows: [String]) async throws {
        let served = try await Self.served(model, rows)
        let list = "[" + rows.joined(separator: ", ") + "]"
        guard case .list(let labels) = try Self.language("predict(\(variable), \(list))"),
            case .matrix(let probabilities) = try Self.language("probabilities(\(variable), \(list))"),
            case .list(let classes) = try Self.language("\(variable).classes")
        else { return #expect(Bool(false), "the language's predictions have an unexpected shape") }
        #expect(served.labels == labels.map { if case .string(let s) = $0 { s } else { "" } })
        let rowsOfProbabilities = served.probabilities
        for (row, byClass) in rowsOfProbabilities.enumerated() {
            for (column, label) in classes.enumerated() {
                guard case .string(let name) = label else { continue }
                #expect(byClass[name]?.bitPattern == probabilities[row, column].bitPattern, "row \(row + 1), class \(name)")
            }
        }
        #expect(rowsOfProbabilities.count == rows.count)
    }

    @Test func regressionMatchesTheLanguage() async throws {
        let served = try await Self.served("diabetes", Self.diabetesRows)
        guard case .vector(let values) = try Self.language("predict(diabetes_model, [" + Self.diabetesRows.joined(separator: ", ") + "])") else {
            return #expect(Bool(false))
        }
        #expect(served.numbers.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func clustersMatchTheLanguage() async throws {
        let served = try await Self.served("groups", Self.groupRows)
        guard case .list(let clusters) = try Self.language("predict(group_model, [" + Self.groupRows.joined(separator: ", ") + "])") else {
            return #expect(Bool(false))
        }
        #expect(served.numbers == clusters.map { if case .number(let x) = $0 { x } else { -1 } })
    }

    @Test func oneRowMatchesTheLanguagesSingleRecord() async throws {
        let served = try await Self.served("iris", [Self.irisRows[1]])
        guard case .string(let label) = try Self.language("predict(iris_model, \(Self.irisRows[1]))"),
            case .record(let record) = try Self.language("probabilities(iris_model, \(Self.irisRows[1]))")
        else { return #expect(Bool(false)) }
        #expect(served.labels == [label])
        let byClass = served.probabilities.first ?? [:]
        for name in record.names {
            guard case .number(let expected)? = record[name] else { continue }
            #expect(byClass[name]?.bitPattern == expected.bitPattern)
        }
    }

    @Test func concurrentRequestsGetTheSameAnswers() async throws {
        let app = try ServingFixture.get().server("iris").application()
        try await app.test(.live) { client in
            let body = "[" + Self.irisRows.map(Self.json).joined(separator: ", ") + "]"
            let expected = try await client.send(.post, "/predict", body).text
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<64 { group.addTask { try await client.send(.post, "/predict", body).text } }
                for try await text in group { #expect(text == expected) }
            }
        }
    }
}
