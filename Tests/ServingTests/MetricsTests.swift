import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Serving

/// `/metrics` read back the way Prometheus reads it.
@Suite struct MetricsTests {
    /// One sample: metric name, labels, value.
    struct Sample: Equatable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    /// Parses the text exposition format's sample lines (comments checked for their form only).
    static func parse(_ text: String) throws -> [Sample] {
        var samples = [Sample]()
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") {
                #expect(line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE "), "\(line)")
                continue
            }
            let (series, value) = try #require(line.lastIndex(of: " ").map { (line[..<$0], line[line.index(after: $0)...]) })
            var labels = [String: String]()
            var name = Substring(series)
            if let open = series.firstIndex(of: "{") {
                name = series[..<open]
                labels = try parseLabels(series[series.index(after: open)..<series.index(before: series.endIndex)])
            }
            samples.append(Sample(name: String(name), labels: labels, value: try #require(Double(value))))
        }
        return samples
    }

    /// `a="x",b="y \"quoted\""` with the format's escapes undone.
    static func parseLabels(_ text: Substring) throws -> [String: String] {
        var labels = [String: String]()
        var rest = text
        while !rest.isEmpty {
            let equals = try #require(rest.firstIndex(of: "="))
            let key = String(rest[..<equals])
            rest = rest[rest.index(equals, offsetBy: 2)...]
            var value = "", escaped = false
            while let character = rest.first {
                rest = rest.dropFirst()
                if escaped {
                    value.append(character == "n" ? "\n" : character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    break
                } else {
                    value.append(character)
                }
            }
            labels[key] = value
            if rest.first == "," { rest = rest.dropFirst() }
        }
        return labels
    }

    @Test func countsRequestsLatenciesAndPredictionsByClass() async throws {
        try await ServingFixture.get().server("iris").application().test(.router) { client in
            let before = try Self.parse(try await client.send(.get, "/metrics").text)
            let initial = before.filter { $0.name == "mlx_predictions_total" }
            let classes: [String] = initial.compactMap { $0.labels["class"] }.sorted()
            #expect(classes == ["setosa", "versicolor", "virginica"])
            #expect(initial.allSatisfy { $0.value == 0 && $0.labels["model"] == "iris" && $0.labels["version"] == "1" })

            _ = try await client.send(.post, "/predict", "[\(EndpointTests.setosa), \(EndpointTests.setosa), \(EndpointTests.virginica)]")
            _ = try await client.send(.post, "/v2/models/iris/infer", #"{"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP64", "data": [6.3, 3.3, 6.0, 2.5]}]}"#)
            _ = try await client.send(.post, "/predict", "{")
            _ = try await client.send(.get, "/nowhere/\(UUID().uuidString)")
            let samples = try Self.parse(try await client.send(.get, "/metrics").text)
            Self.checkCounts(samples)
        }
    }

    /// The counts after one good and one bad `/predict`, one inference, one `/metrics` and one unknown path.
    static func checkCounts(_ samples: [Sample]) {
        func requests(_ endpoint: String, _ method: String, _ code: String) -> Double? {
            samples.first { $0.name == "mlx_http_requests_total" && $0.labels == ["endpoint": endpoint, "method": method, "code": code] }?.value
        }
        #expect(requests("/predict", "POST", "200") == 1)
        #expect(requests("/predict", "POST", "400") == 1)
        #expect(requests("/v2/models/{name}/infer", "POST", "200") == 1)
        #expect(requests("/metrics", "GET", "200") == 1)
        #expect(requests("unmatched", "GET", "404") == 1, "raw paths never become labels")

        let byClass = Dictionary(uniqueKeysWithValues: samples.filter { $0.name == "mlx_predictions_total" }.map { ($0.labels["class"] ?? "", $0.value) })
        #expect(byClass == ["setosa": 2, "versicolor": 0, "virginica": 2])

        let buckets = samples.filter { $0.name == "mlx_http_request_duration_seconds_bucket" && $0.labels["endpoint"] == "/predict" }
        #expect(buckets.count == ServingMetrics.latencyBuckets.count + 1)
        #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.value <= $1.value }, "buckets are cumulative")
        #expect(buckets.last?.labels["le"] == "+Inf")
        #expect(buckets.last?.value == 2)
        let count = samples.first { $0.name == "mlx_http_request_duration_seconds_count" && $0.labels["endpoint"] == "/predict" }
        #expect(count?.value == 2)
        let info = samples.first { $0.name == "mlx_model_info" }
        #expect(info?.labels == ["model": "iris", "version": "1", "estimator": "logistic", "task": "classification"])
    }

    @Test func regressionCountsRowsWithoutAClass() async throws {
        try await ServingFixture.get().server("diabetes").application().test(.router) { client in
            let row = #"{"age": 59, "sex": 2, "bmi": 32.1, "bp": 101.0, "s1": 157, "s2": 93.2, "s3": 38.0, "s4": 4.0, "s5": 4.8598, "s6": 87}"#
            _ = try await client.send(.post, "/predict", "[\(row), \(row)]")
            let samples = try Self.parse(try await client.send(.get, "/metrics").text)
            #expect(samples.filter { $0.name == "mlx_predictions_total" } == [Sample(name: "mlx_predictions_total", labels: ["model": "diabetes", "version": "1"], value: 2)])
        }
    }

    @Test func clusteringListsEveryClusterFromTheStart() async throws {
        try await ServingFixture.get().server("groups").application().test(.router) { client in
            func byCluster() async throws -> [String: Double] {
                let samples = try Self.parse(try await client.send(.get, "/metrics").text).filter { $0.name == "mlx_predictions_total" }
                return Dictionary(uniqueKeysWithValues: samples.map { ($0.labels["class"] ?? "", $0.value) })
            }
            #expect(try await byCluster() == ["0": 0, "1": 0, "2": 0])
            let row = #"{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}"#
            let reply = try await client.send(.post, "/predict", "[\(row), \(row)]")
            let cluster = try #require((reply.object["predictions"] as? [Int])?.first)
            let counts = try await byCluster()
            #expect(counts.keys.sorted() == ["0", "1", "2"])
            #expect(counts[String(cluster)] == 2 && counts.values.reduce(0, +) == 2)
        }
    }

    @Test func labelValuesAreEscaped() throws {
        #expect(ServingMetrics.escape("a\"b\\c\nd") == "a\\\"b\\\\c\\nd")
        let line = "m{class=\"\(ServingMetrics.escape("say \"hi\"\\\n"))\"} 1"
        #expect(try Self.parse(line) == [Sample(name: "m", labels: ["class": "say \"hi\"\\\n"], value: 1)])
    }
}

