import Foundation
@testable import Numerics

/// The contents of `References/statistics.json`, written by `make_statistics_references.py`.
struct StatisticsReference: Decodable {
    struct Histogram: Decodable {
        let counts: [Int]
        let edges: [Double]
    }

    struct Summary: Decodable {
        let count: Int
        let sum, mean, var0, var1, std0, std1, min, max, median, mode: Double
        let skew, skewUnbiased, kurtosis, kurtosisUnbiased, kurtosisPearson: Double
        let quantiles: [String: [Double]]
        let zscore0, zscore1: [Double]
        let histogram10, histogram7: Histogram
    }

    struct Dataset: Decodable {
        let name: String
        let data: [Double]
        let skip: Summary
    }

    struct MatrixSummary: Decodable {
        let cov1, cov0, pearson, spearman: [Double]
    }

    struct MatrixCase: Decodable {
        let name: String
        let rows, columns: Int
        let columnMajor: [Double]
        let skip: MatrixSummary
        var matrix: Matrix { get throws { try Matrix(rows: rows, columns: columns, columnMajor: columnMajor) } }
    }

    let probabilities: [Double]
    let methods: [String]
    let datasets: [Dataset]
    let matrices: [MatrixCase]

    static func load() throws -> StatisticsReference {
        let data = try Data(contentsOf: ReferenceData.directory.appendingPathComponent("statistics.json"))
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(StatisticsReference.self, from: data)
    }
}

/// True when `actual` agrees with `expected` to `tolerance` relative (absolute below magnitude 1),
/// or both are NaN.
func agrees(_ actual: Double, _ expected: Double, tolerance: Double = 1e-12) -> Bool {
    if expected.isNaN { return actual.isNaN }
    if expected.isInfinite { return actual == expected }
    return abs(actual - expected) <= tolerance * max(abs(expected), 1)
}

func agrees(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-12) -> Bool {
    actual.count == expected.count && zip(actual, expected).allSatisfy { agrees($0, $1, tolerance: tolerance) }
}
