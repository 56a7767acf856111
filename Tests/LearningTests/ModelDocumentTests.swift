import Foundation
import Numerics
import Testing
@testable import Learning
@testable import Tables

@Suite struct ModelDocumentTests {
    static let iris = EstimatorConformanceTests.iris

    @Test func documentCarriesPreprocessingAndPredictsRawRows() throws {
        var random = RandomGenerator(seed: 3)
        let (train, test) = try Self.iris.split(trainFraction: 0.8, stratifyBy: "species", using: &random)
        let (fitted, features) = try Preprocessor([Standardize()]).fitAndApply(on: train)
        let model = try TrainedModel.train("logistic", on: features, target: "species", hyperparameters: [:], preprocessing: fitted, random: &random)
        let data = try ModelDocument.encode(model)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["format"] as? String == "mlx-model")
        #expect(json["version"] as? Int == 1)
        #expect(json["estimator"] as? String == "logistic")
        #expect(json["classes"] as? [String] == ["setosa", "versicolor", "virginica"])
        #expect(json["preprocessing"] != nil)
        let decoded = try ModelDocument.decode(data)
        #expect(try decoded.predict(test) == model.predict(test))
    }

    @Test func foreignAndNewerDocumentsAreRefused() throws {
        #expect(throws: LearningError("not an mlx model file")) {
            try ModelDocument.decode(Data(#"{"format": "pickle", "version": 1}"#.utf8))
        }
        #expect(throws: LearningError("model format version 9 is newer than this mlx reads (1)")) {
            try ModelDocument.decode(Data(#"{"format": "mlx-model", "version": 9}"#.utf8))
        }
        #expect(throws: LearningError.self) { try ModelDocument.decode(Data("not json".utf8)) }
    }
}
