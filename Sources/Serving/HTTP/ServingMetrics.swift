import Foundation
import Synchronization

/// Request counts, latencies and predictions, written in Prometheus's text
/// exposition format (version 0.0.4) for `GET /metrics`.
///
/// Written by hand rather than through a metrics library: four metric
/// families do not justify another dependency, and endpoint labels are route
/// templates (`/v2/models/{name}/infer`), never raw paths, so a client cannot
/// grow the label set by requesting made-up URLs.
final class ServingMetrics: Sendable {
    /// Upper bounds of the latency histogram's buckets, in seconds.
    static let latencyBuckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct RequestKey: Hashable, Comparable {
        let endpoint: String
        let method: String
        let code: Int

        static func < (a: RequestKey, b: RequestKey) -> Bool { (a.endpoint, a.method, a.code) < (b.endpoint, b.method, b.code) }
    }

    private struct Histogram {
        /// Observations per bucket (not cumulative); the last slot counts those above every bound.
        var buckets = [Int](repeating: 0, count: ServingMetrics.latencyBuckets.count + 1)
        var sum = 0.0
        var count = 0

        mutating func observe(_ seconds: Double) {
            let slot = ServingMetrics.latencyBuckets.firstIndex { seconds <= $0 } ?? ServingMetrics.latencyBuckets.count
            buckets[slot] += 1
            sum += seconds
            count += 1
        }
    }

    private struct State {
        var requests: [RequestKey: Int] = [:]
        var latency: [String: Histogram] = [:]
        /// Rows predicted, by class label or cluster; "" for regression.
        var predictions: [String: Int] = [:]
    }

    private let modelLabels: String
    private let modelInfoLabels: String
    /// The prediction keys listed from the start, in the model's order (cluster 10 after 9, not after 1).
    private let predictionKeys: [String]
    private let state: Mutex<State>

    init(model: ServedModel) {
        modelLabels = "model=\"\(Self.escape(model.name))\",version=\"\(model.version)\""
        modelInfoLabels = modelLabels + ",estimator=\"\(Self.escape(model.bundle.model.estimator))\",task=\"\(model.bundle.model.task.rawValue)\""
        // Every class or cluster is listed from the start, so a rate over one that has not come up yet is 0, not absent.
        var keys = [String]()
        switch model.bundle.model.task {
        case .classification: keys = model.classes
        case .regression: keys = [""]
        case .clustering: keys = (0..<model.clusterCount).map(String.init)
        case .transformation: break
        }
        predictionKeys = keys.enumerated().filter { index, key in !keys[..<index].contains(key) }.map(\.element)
        state = Mutex(State(predictions: Dictionary(predictionKeys.map { ($0, 0) }, uniquingKeysWith: { first, _ in first })))
    }

    /// Counts a finished request and its latency.
    func recordRequest(endpoint: String, method: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[RequestKey(endpoint: endpoint, method: method, code: status), default: 0] += 1
            state.latency[endpoint, default: Histogram()].observe(seconds)
        }
    }

    /// Counts the rows of a prediction by what was predicted.
    func recordPredictions(_ output: ServedModel.Output) {
        var counts = [String: Int]()
        switch output {
        case .classes(let codes, _, let classes):
            // Counted by code first: hashing a label for every row of a batch costs more than the prediction.
            var byCode = [Int](repeating: 0, count: classes.count)
            for code in codes where code < byCode.count { byCode[code] += 1 }
            for (code, count) in byCode.enumerated() where count > 0 { counts[classes[code]] = count }
        case .values(let values): counts[""] = values.count
        case .clusters(let clusters): for cluster in clusters { counts[String(cluster), default: 0] += 1 }
        }
        state.withLock { state in
            for (key, count) in counts { state.predictions[key, default: 0] += count }
        }
    }

    /// The metrics in Prometheus's text format.
    func render() -> String {
        let snapshot = state.withLock { $0 }
        var lines = [String]()
        lines += Self.header("mlx_http_requests_total", "counter", "HTTP requests by endpoint (route template), method and status code.")
        for (key, count) in snapshot.requests.sorted(by: { $0.key < $1.key }) {
            lines.append("mlx_http_requests_total{endpoint=\"\(Self.escape(key.endpoint))\",method=\"\(Self.escape(key.method))\",code=\"\(key.code)\"} \(count)")
        }
        lines += Self.header("mlx_http_request_duration_seconds", "histogram", "Time from a request's arrival to its response, by endpoint.")
        for (endpoint, histogram) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            lines += Self.histogramLines("mlx_http_request_duration_seconds", labels: "endpoint=\"\(Self.escape(endpoint))\"", histogram)
        }
        lines += Self.header("mlx_predictions_total", "counter", "Rows predicted, by model, version and predicted class (or cluster).")
        let unlisted = snapshot.predictions.keys.filter { !predictionKeys.contains($0) }.sorted()
        for key in predictionKeys + unlisted {
            let count = snapshot.predictions[key] ?? 0
            let classLabel = key.isEmpty ? "" : ",class=\"\(Self.escape(key))\""
            lines.append("mlx_predictions_total{\(modelLabels)\(classLabel)} \(count)")
        }
        lines += Self.header("mlx_model_info", "gauge", "The served model: always 1, its facts in the labels.")
        lines.append("mlx_model_info{\(modelInfoLabels)} 1")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func header(_ name: String, _ type: String, _ help: String) -> [String] {
        ["# HELP \(name) \(help)", "# TYPE \(name) \(type)"]
    }

    private static func histogramLines(_ name: String, labels: String, _ histogram: Histogram) -> [String] {
        var lines = [String]()
        var cumulative = 0
        for (bound, count) in zip(latencyBuckets, histogram.buckets) {
            cumulative += count
            lines.append("\(name)_bucket{\(labels),le=\"\(bound)\"} \(cumulative)")
        }
        lines.append("\(name)_bucket{\(labels),le=\"+Inf\"} \(histogram.count)")
        lines.append("\(name)_sum{\(labels)} \(histogram.sum)")
        lines.append("\(name)_count{\(labels)} \(histogram.count)")
        return lines
    }

    /// A label value as the text format requires: backslash, double quote and line feed escaped.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
