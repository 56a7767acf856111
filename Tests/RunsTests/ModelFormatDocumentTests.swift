import Foundation
import Learning
import Tables
import Testing

@testable import Runs

/// docs/model-format.md stays true: it has a section for every estimator and every fitted
/// preprocessing step, its complete examples read back as mlx reads a bundle, and they are
/// exactly what mlx writes for the models they hold.
@Suite struct ModelFormatDocumentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let text = (try? String(contentsOf: root.appendingPathComponent("docs/model-format.md"), encoding: .utf8)) ?? ""

    static let stepNames = [
        DropMissing.Fitted.stepName, FillMissing.Fitted.stepName, Standardize.Fitted.stepName, MinMaxScale.Fitted.stepName,
        OneHotEncode.Fitted.stepName, OrdinalEncode.Fitted.stepName, LogTransform.Fitted.stepName, Clip.Fitted.stepName,
        PolynomialFeatures.Fitted.stepName, Binning.Fitted.stepName, SelectColumns.Fitted.stepName, DropColumns.Fitted.stepName,
    ]

    /// The ```json blocks that directly follow the line `<!-- marker -->`.
    static func blocks(marked marker: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        var result = [String]()
        var index = 0
        while index < lines.count {
            defer { index += 1 }
            guard lines[index].trimmingCharacters(in: .whitespaces) == "<!-- \(marker) -->", index + 1 < lines.count,
                lines[index + 1] == "```json"
            else { continue }
            var body = [String]()
            var line = index + 2
            while line < lines.count, lines[line] != "```" {
                body.append(lines[line])
                line += 1
            }
            result.append(body.joined(separator: "\n"))
            index = line
        }
        return result
    }

    static func object(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test func everyEstimatorAndStepHasASection() throws {
        #expect(!Self.text.isEmpty, "docs/model-format.md is missing")
        for entry in EstimatorRegistry.entries {
            #expect(Self.text.contains("\n### `\(entry.name)`\n"), "docs/model-format.md has no section for the estimator \(entry.name)")
        }
        for name in Self.stepNames {
            #expect(Self.text.contains("\n#### `\(name)`\n"), "docs/model-format.md has no section for the step \(name)")
        }
    }

    @Test func modelDocumentExamplesDecodeAndAreWhatMlxWrites() throws {
        let examples = Self.blocks(marked: "model-document")
        #expect(examples.count >= EstimatorRegistry.entries.count)
        var estimators = Set<String>()
        var steps = Set<String>()
        for (index, example) in examples.enumerated() {
            let data = Data(example.utf8)
            let model: TrainedModel
            do { model = try ModelDocument.decode(data) } catch {
                Issue.record("model document example \(index + 1) does not decode: \(error)")
                continue
            }
            estimators.insert(model.estimator)
            steps.formUnion(model.preprocessing?.steps.map(\.stepName) ?? [])
            // Indentation aside, the example is the document mlx writes for the model it holds.
            #expect(try Self.object(ModelDocument.encode(model)) == Self.object(data), "model document example \(index + 1) (\(model.estimator))")
            // Every parameter the example holds is named in the text.
            let parameters = try #require(try Self.object(data)["parameters"] as? [String: Any])
            for key in parameters.keys {
                #expect(Self.text.contains("`\(key)`"), "the \(model.estimator) parameter \(key) is not described")
            }
        }
        #expect(estimators == Set(EstimatorRegistry.entries.map(\.name)), "estimators without a complete example")
        #expect(steps == Set(Self.stepNames), "steps without a complete example")
    }

    @Test func bundleManifestExampleIsOneABundleReaderAccepts() throws {
        let manifests = Self.blocks(marked: "bundle-manifest")
        try #require(manifests.count == 1)
        let manifest = try BundleManifest.decode(Data(manifests[0].utf8))
        try ModelBundle.check(manifest, in: "bundle")
        #expect(manifest.format == BundleManifest.currentFormat && manifest.formatVersion == BundleManifest.currentFormatVersion)
        #expect(manifest.lineage.git != nil && !manifest.metrics.isEmpty, "the example shows git and metrics")
        // It describes the first model document example, as a bundle's two files must agree.
        let model = try ModelDocument.decode(Data(try #require(Self.blocks(marked: "model-document").first).utf8))
        try ModelBundle.check(manifest, describes: model, in: "bundle")
        #expect(manifest.inputs.map(\.name) == model.featureNames)
        for key in try Self.object(Data(manifests[0].utf8)).allKeys.compactMap({ $0 as? String }) {
            #expect(Self.text.contains("`\(key)`"), "the manifest field \(key) is not described")
        }
    }
}
