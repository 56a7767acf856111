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

    @Test func foreignNewerAndImpossibleVersionsAreRefused() throws {
        #expect(throws: LearningError("not an mlx model file")) {
            try ModelDocument.decode(Data(#"{"format": "pickle", "version": 1}"#.utf8))
        }
        #expect(throws: LearningError("model format version 9 is newer than this mlx reads (1)")) {
            try ModelDocument.decode(Data(#"{"format": "mlx-model", "version": 9}"#.utf8))
        }
        #expect(throws: LearningError.self) { try ModelDocument.decode(Data("not json".utf8)) }
        for version in [0, -1] {
            #expect(throws: LearningError("model format version \(version) does not exist; versions count from 1")) {
                try ModelDocument.decode(Data(#"{"format": "mlx-model", "version": \#(version)}"#.utf8))
            }
        }
    }

    /// For each estimator, edits of its parameters (a path into the document's "parameters", the
    /// value put there) that contradict the rest of the document, with the problem reported.
    static var contradictions: [String: [(path: [Any], value: Any, problem: String)]] {
        [
            "linear": [(["coefficients"], [Double](), "coefficients has length 0, expected 10 (one per feature)")],
            "ridge": [(["coefficients"], [1.0], "coefficients has length 1, expected 10 (one per feature)")],
            "lasso": [(["coefficients"], [Double](), "coefficients has length 0, expected 10 (one per feature)")],
            "elastic_net": [(["coefficients"], [Double](), "coefficients has length 0, expected 10 (one per feature)")],
            "logistic": [
                (["coefficients"], [Double](), "coefficients has length 0, expected 3 (one row for two classes, else one per class)"),
                (["coefficients", 2], [1.0, 2.0, 3.0], "coefficients[2] has length 3, expected 4 (one per feature)"),
                (["classCount"], -1, "classCount is -1, expected 3 (the classes the document lists)"),
                (["classCount"], 1_000_000_000_000, "classCount is 1000000000000, expected 3 (the classes the document lists)"),
                (["intercepts"], [0.0], "intercepts has length 1, expected 3 (one per row of coefficients)"),
            ],
            "knn": [
                (["k"], 151, "k is 151, expected 1 to 150 (neighbours among the training rows)"),
                (["codes", 4], 3, "codes[4] is 3, expected 0 to 2 (a class per training row)"),
                (["trainingRows"], [1.0], "trainingRows has length 1, expected 150 × 4 (the training rows by the features)"),
                (["classCount"], 2, "classCount is 2, expected 3 (the classes the document lists)"),
            ],
            "knn_regression": [
                (["featureCount"], 3, "featureCount is 3, expected 10 (the features the document lists)"),
                (["targets"], [Double](), "targets is empty"),
            ],
            "naive_bayes": [
                (["variances", 1, 2], -1.0, "variances[1][2] is -1.0, expected a number above 0"),
                (["means", 2], [1.0], "means[2] has length 1, expected 4 (one per feature)"),
                (["priors"], [0.5, 0.5], "priors has length 2, expected 3 (one per class)"),
            ],
            "tree": [
                (["tree", "feature", 0], 4, "tree.feature[0] is 4, expected -1 to 3 (a feature's index, or -1 for a leaf)"),
                (["tree", "right", 0], 1, "tree node 1 is the child of 2 nodes; every node but the root is the child of one"),
                (["tree", "left", 2], 1, "tree.left[2] is 1, expected a node after 2 (up to 16)"),
                (["tree", "value", 3], [1.0], "tree.value[3] has length 1, expected 3 (the width of every node's value)"),
                (["tree", "threshold"], [Double](), "tree.threshold has length 0, expected 17 (one per node, as in feature)"),
            ],
            "tree_regression": [
                (["tree", "value", 0], [1.0, 2.0], "tree.value[0] has length 2, expected 1 (the width of every node's value)"),
                (["tree", "feature"], [Int](), "tree.feature is empty"),
            ],
            "forest": [
                (["trees", 1, "feature", 0], -2, "trees[1].feature[0] is -2, expected -1 to 3 (a feature's index, or -1 for a leaf)"),
                (["trees"], [Any](), "trees is empty"),
                (["featureCount"], 5, "featureCount is 5, expected 4 (the features the document lists)"),
            ],
            "kmeans": [
                (["labels", 0], 8, "labels[0] is 8, expected 0 to 7 (a cluster per training row)"),
                (["centres", 3], [1.0, 2.0], "centres[3] has length 2, expected 4 (one per feature)"),
                (["centres"], [Any](), "centres is empty"),
            ],
            "pca": [
                (["explainedVariance"], [Double](), "explainedVariance has length 0, expected 4 (one per component)"),
                (["scores", 7], [1.0], "scores[7] has length 1, expected 4 (one per component)"),
            ],
            "mlp": [
                (["training", "network", "layers", 0, "biases"], [Double](), "training.network.layers[0].biases has length 0, expected 100 (one per output)"),
                (["training", "network", "output"], "identity", "training.network.output is identity, expected softmax for this model"),
                (["training", "network", "layers", 1, "outputs"], 4, "training.network.layers[1].weights has length 300, expected 100 × 4 (its inputs by its outputs)"),
            ],
            "mlp_regression": [
                (["training", "network", "layers", 1, "inputs"], 99, "training.network.layers[1].inputs is 99, expected 100 (the outputs of the layer before)"),
                (["training", "network", "layers", 0, "outputs"], 9_223_372_036_854_775_807,
                 "training.network.layers[0].weights has length 1000, expected 10 × 9223372036854775807 (its inputs by its outputs)"),
            ],
        ]
    }

    @Test func everyEstimatorHasContradictionsToRefuse() {
        #expect(Set(Self.contradictions.keys) == Set(EstimatorConformanceTests.names))
    }

    /// Valid JSON with valid checksums may still hold parameters that contradict each other (edited
    /// by hand, written by another tool): reading it must refuse it, not leave a crash for the first
    /// prediction (an empty coefficient list, a negative or huge class count).
    @Test(arguments: EstimatorConformanceTests.names)
    func parametersThatContradictTheDocumentAreRefused(_ name: String) throws {
        let document = try Self.document(name)
        #expect(try ModelDocument.decode(Self.json(document)).estimator == name)
        for (path, value, problem) in Self.contradictions[name] ?? [] {
            let edited = Self.setting(value, at: ["parameters"] + path, in: document)
            #expect(throws: LearningError("the \(name) parameters do not fit the model document: \(problem)"), "\(path)") {
                try ModelDocument.decode(Self.json(edited))
            }
        }
    }

    @Test func featuresAndClassesMustBeListedOnceAndClassesOnlyForClassifiers() throws {
        let logistic = try Self.document("logistic")
        let refusals: [(Any, [Any], Any, String)] = [
            (logistic, ["classes"], [String](), "a classifier has at least 2 classes, and the model document lists 0"),
            (logistic, ["classes"], ["setosa"], "a classifier has at least 2 classes, and the model document lists 1"),
            (logistic, ["classes"], ["setosa", "setosa", "virginica"], "the model document lists the class 'setosa' twice"),
            (logistic, ["features"], Array(repeating: "sepal_length", count: 4), "the model document lists the feature 'sepal_length' twice"),
            (logistic, ["features"], [String](), "the model document lists no features"),
            (try Self.document("linear"), ["classes"], ["low", "high"], "the model document lists classes, but a regression model has none"),
        ]
        for (document, path, value, problem) in refusals {
            #expect(throws: LearningError(problem), "\(path)") {
                try ModelDocument.decode(Self.json(Self.setting(value, at: path, in: document)))
            }
        }
        #expect(throws: LearningError.self) { try ModelDocument.decode(Self.json(Self.setting(NSNull(), at: ["classes"], in: logistic))) }
    }

    /// A linear model of iris's petal width after one of each preprocessing step, with the step's
    /// position in the chain, as its document's JSON object.
    static func preprocessedDocument() throws -> (document: Any, positions: [String: Int]) {
        let steps: [any PreprocessingStep] = [
            SelectColumns(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]),
            DropMissing(["sepal_length"]),
            FillMissing(.median, columns: ["sepal_width"]),
            Clip(["sepal_width"], lower: 2, upper: 4),
            LogTransform(["petal_length"]),
            Standardize(["sepal_length", "sepal_width"]),
            MinMaxScale(["petal_length"]),
            PolynomialFeatures(["petal_length", "sepal_length"], degree: 2),
            DropColumns(["petal_length*sepal_length"]),
            Binning(["sepal_width"], binCount: 3, strategy: .uniform, output: .categorical),
            OrdinalEncode(["sepal_width"]),
            OneHotEncode(["species"]),
        ]
        let (fitted, features) = try Preprocessor(steps).fitAndApply(on: Self.iris, keepingTarget: "petal_width")
        var random = RandomGenerator(seed: 5)
        let model = try TrainedModel.train("linear", on: features, target: "petal_width", hyperparameters: [:], preprocessing: fitted, random: &random)
        let positions = Dictionary(uniqueKeysWithValues: fitted.steps.enumerated().map { ($1.stepName, $0) })
        return (try JSONSerialization.jsonObject(with: ModelDocument.encode(model)), positions)
    }

    /// For each preprocessing step, edits of its parameters (a path into the step's "parameters", the
    /// value put there) that `fit` never writes, with the problem reported.
    static var stepContradictions: [String: [(path: [Any], value: Any, problem: String)]] {
        [
            "select": [(["columns"], ["sepal_length", "sepal_length"], "columns[1] is 'sepal_length', as is columns[0]; expected each once (a column is kept once)")],
            "drop_missing": [(["columns"], ["sepal_length", "sepal_length"], "columns[1] is 'sepal_length', as is columns[0]; expected each once (a column is checked once)")],
            "fill_missing": [
                (["entries", 0, "value"], ["number": ["_0": "nan"]], "entries[0].value is nan, expected a number"),
                (["entries"], [["column": "a", "value": ["number": ["_0": 1]]], ["column": "a", "value": ["number": ["_0": 2]]]],
                 "entries[1].column is 'a', as is entries[0].column; expected each once (a column is filled once)"),
            ],
            "clip": [
                (["lower"], 5, "lower is 5.0, expected at most upper (4.0)"),
                (["upper"], "nan", "upper is nan, expected a number"),
                (["columns"], ["sepal_width", "sepal_width"], "columns[1] is 'sepal_width', as is columns[0]; expected each once (a column is clipped once)"),
            ],
            "log": [(["columns"], ["petal_length", "petal_length"], "columns[1] is 'petal_length', as is columns[0]; expected each once (a column's logarithm is taken once)")],
            "standardize": [
                (["columns", 1, "scale"], 0, "columns[1].scale is 0.0, expected a finite number above 0"),
                (["columns", 0, "scale"], "inf", "columns[0].scale is inf, expected a finite number above 0"),
                (["columns", 0, "scale"], -1, "columns[0].scale is -1.0, expected a finite number above 0"),
                (["columns", 0, "mean"], "nan", "columns[0].mean is nan, expected a finite number"),
                (["columns", 1, "name"], "sepal_length", "columns[1].name is 'sepal_length', as is columns[0].name; expected each once (a column is standardised once)"),
            ],
            "min_max_scale": [
                (["columns", 0], ["name": "petal_length", "minimum": 9, "maximum": 1], "columns[0].minimum is 9.0, expected at most columns[0].maximum (1.0)"),
                (["columns", 0, "maximum"], "inf", "columns[0].maximum is inf, expected a finite number"),
                (["columns", 0], ["name": "petal_length", "minimum": -1e308, "maximum": 1e308], "columns[0].maximum − minimum is inf, expected a finite number"),
            ],
            "polynomial": [
                (["degree"], 0, "degree is 0, expected at least 1 (the highest total degree of a term)"),
                (["degree"], 9_223_372_036_854_775_807,
                 "degree is 9223372036854775807, expected a lower one: 2 column(s) to degree 9223372036854775807 make 9223372036854775807 terms of up to 9223372036854775807 factors each (at most 100,000,000 factors in all)"),
                (["degree"], 1000,
                 "degree is 1000, expected a lower one: 2 column(s) to degree 1000 make 501500 terms of up to 1000 factors each (at most 100,000,000 factors in all)"),
                (["columns"], [String](), "columns is empty"),
                (["columns"], ["petal_length", "petal_length"], "columns[1] is 'petal_length', as is columns[0]; expected each once (a term names each factor once)"),
            ],
            "drop": [(["columns"], ["x", "x"], "columns[1] is 'x', as is columns[0]; expected each once (a column is dropped once)")],
            "bin": [
                (["columns", 0, "edges"], [Double](), "columns[0].edges length is 0, expected at least 2 (a bin's lower and upper edge)"),
                (["columns", 0, "edges"], [3.0, 2.0, 4.0], "columns[0].edges[1] is 2.0, expected a number above columns[0].edges[0] (3.0)"),
                (["columns", 0, "edges"], [2.0, 3.0, 3.0, 4.0], "columns[0].edges[2] is 3.0, expected a number above columns[0].edges[1] (3.0)"),
                (["columns", 0, "edges"], [2.0, "nan", 4.0], "columns[0].edges[1] is nan, expected a finite number"),
                (["columns", 0, "edges"], [4.0, 2.0], "columns[0].edges[0] is 4.0, expected at most columns[0].edges[1] (2.0)"),
            ],
            "ordinal": [(["columns", 0, "categories"], ["a", "a"], "columns[0].categories[1] is 'a', as is columns[0].categories[0]; expected each once (a category has one code)")],
            "one_hot": [
                (["columns", 0, "categories"], ["setosa", "virginica", "setosa"],
                 "columns[0].categories[2] is 'setosa', as is columns[0].categories[0]; expected each once (a category has one code)"),
                (["columns"], [["name": "species", "categories": ["x"]], ["name": "species", "categories": ["y"]]], "columns[1].name is 'species', as is columns[0].name; expected each once (a column is encoded once)"),
            ],
        ]
    }

    /// Valid JSON with valid checksums may hold preprocessing parameters that `fit` never writes:
    /// reading it must refuse it, naming the step and the parameter, not leave a crash (a degree of
    /// 0, a category listed twice), a hang (a huge degree) or a wrong answer (a scale of 0 or of
    /// infinity, edges out of order) for the first prediction.
    @Test func preprocessingParametersThatContradictEachOtherAreRefused() throws {
        let (document, positions) = try Self.preprocessedDocument()
        #expect(Set(positions.keys) == Set(Self.stepContradictions.keys))
        #expect(try ModelDocument.decode(Self.json(document)).preprocessing?.steps.count == positions.count)
        for (step, edits) in Self.stepContradictions {
            let position = try #require(positions[step])
            for (path, value, problem) in edits {
                let edited = Self.setting(value, at: ["preprocessing", "steps", position, "parameters"] + path, in: document)
                #expect(throws: LearningError("preprocessing step \(position + 1) (\(step)): \(problem)"), "\(step) \(path)") {
                    try ModelDocument.decode(Self.json(edited))
                }
            }
        }
    }

    /// A model of `name` fitted quickly on the data its task takes, as its document's JSON object.
    static func document(_ name: String) throws -> Any {
        let entry = try EstimatorRegistry.entry(named: name)
        let (table, target) = EstimatorConformanceTests.data(for: entry)
        var random = RandomGenerator(seed: 5)
        let options = EstimatorConformanceTests.quickOptions[name] ?? [:]
        let model = try TrainedModel.train(name, on: table, target: target, hyperparameters: options, preprocessing: nil, random: &random)
        return try JSONSerialization.jsonObject(with: ModelDocument.encode(model))
    }

    static func json(_ object: Any) throws -> Data { try JSONSerialization.data(withJSONObject: object) }

    /// `json` with `value` at `path`: object keys and array indices.
    static func setting(_ value: Any, at path: [Any], in json: Any) -> Any {
        guard let step = path.first else { return value }
        let rest = Array(path.dropFirst())
        if let key = step as? String, var object = json as? [String: Any] {
            object[key] = setting(value, at: rest, in: object[key] ?? NSNull())
            return object
        }
        if let index = step as? Int, var array = json as? [Any] {
            array[index] = setting(value, at: rest, in: array[index])
            return array
        }
        Issue.record("no \(step) in the document")
        return json
    }
}
