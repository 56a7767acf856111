import Foundation
import Tables

/// `bundle.json`: what a deployed model is, what it takes, how good it was
/// and where it came from. Together with `model.json` (the model document)
/// it is everything `mlx serve` needs; `checksums.sha256` covers both.
public struct BundleManifest: Codable, Equatable, Sendable {
    public static let currentFormat = "mlx-bundle"
    public static let currentFormatVersion = 1

    /// Where the model came from.
    public struct Lineage: Codable, Equatable, Sendable {
        /// A file the run loaded.
        public struct DataFile: Codable, Equatable, Sendable {
            public var path: String
            public var sha256: String
            public var bytes: Int
            public var rows: Int
        }
        public var run: Int?
        public var runID: String?
        public var script: String?
        public var data: [DataFile]
        public var git: GitState?
    }

    public var format: String
    public var formatVersion: Int
    public var name: String
    public var version: Int
    public var createdAt: Date
    public var estimator: String
    /// classification, regression, clustering or transformation (`ModelTask`).
    public var task: String
    /// The raw columns a row must have, in order, with categories where they matter.
    public var inputs: [SchemaField]
    public var target: String?
    public var classes: [String]?
    /// What the model's last `test` in its run reported (empty if it was not tested).
    public var metrics: [String: Double]
    public var lineage: Lineage

    /// The manifest as stable JSON (sorted keys, ISO 8601 dates, non-finite numbers spelt out).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// A manifest read from `bundle.json`.
    public static func decode(_ data: Data) throws -> BundleManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(BundleManifest.self, from: data)
    }
}
