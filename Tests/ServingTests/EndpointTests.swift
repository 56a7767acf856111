import Foundation
import Hummingbird
import HummingbirdTesting
import Runs
import Testing

@testable import Serving

/// Every endpoint of the Open Inference Protocol and `/predict`, in process.
@Suite struct EndpointTests {
    static let setosa = #"{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}"#
    static let virginica = #"{"sepal_length": 6.3, "sepal_width": 3.3, "petal_length": 6.0, "petal_width": 2.5}"#

    @Test func serverMetadataAndHealth() async throws {
        try await ServingFixture.get().server("iris").application().test(.router) { client in
            let metadata = try await client.send(.get, "/v2")
            #expect(metadata.status == 200)
            #expect(metadata.text == #"{"name":"mlx","version":"test","extensions":[]}"#)
            #expect(metadata.headers[.contentType] == "application/json")
            #expect(try await client.send(.get, "/v2/health/live").text == #"{"live":true}"#)
            #expect(try await client.send(.get, "/v2/health/ready").text == #"{"ready":true}"#)
        }
    }

    @Test func modelMetadataGivesDatatypesByColumnType() async throws {
        let fixture = try ServingFixture.get()
        try await fixture.server("iris").application().test(.router) { client in
            let reply = try await client.send(.get, "/v2/models/iris")
            #expect(reply.status == 200)
            #expect(
                reply.text == #"{"name":"iris","versions":["1"],"platform":"mlx","inputs":["#
                    + #"{"name":"sepal_length","datatype":"FP64","shape":[-1]},{"name":"sepal_width","datatype":"FP64","shape":[-1]},"#
                    + #"{"name":"petal_length","datatype":"FP64","shape":[-1]},{"name":"petal_width","datatype":"FP64","shape":[-1]}],"#
                    + #""outputs":[{"name":"predict","datatype":"BYTES","shape":[-1]},{"name":"probabilities","datatype":"FP64","shape":[-1,3]}]}"#)
            #expect(try await client.send(.get, "/v2/models/iris/versions/1").text == reply.text)
        }
        try await fixture.server("penguins").application().test(.router) { client in
            let inputs = try await client.send(.get, "/v2/models/penguins").object["inputs"] as? [[String: Any]] ?? []
            #expect(inputs.map { $0["name"] as? String } == ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex", "year"])
            #expect(inputs.map { $0["datatype"] as? String } == ["BYTES", "FP64", "FP64", "INT64", "INT64", "BYTES", "INT64"])
        }
        try await fixture.server("smokers").application().test(.router) { client in
            let inputs = try await client.send(.get, "/v2/models/smokers").object["inputs"] as? [[String: Any]] ?? []
            #expect(inputs.map { $0["datatype"] as? String } == ["INT64", "BOOL"])
        }
        try await fixture.server("diabetes").application().test(.router) { client in
            let metadata = try await client.send(.get, "/v2/models/diabetes").text
            #expect(metadata.hasSuffix(#""outputs":[{"name":"predict","datatype":"FP64","shape":[-1]}]}"#))
        }
        try await fixture.server("groups").application().test(.router) { client in
            let metadata = try await client.send(.get, "/v2/models/groups").text
            #expect(metadata.hasSuffix(#""outputs":[{"name":"predict","datatype":"INT64","shape":[-1]}]}"#))
        }
    }

    @Test func modelReadiness() async throws {
        try await ServingFixture.get().server("iris").application().test(.router) { client in
            let ready = try await client.send(.get, "/v2/models/iris/ready")
            #expect(ready.text == #"{"name":"iris","ready":true}"#)
            let versioned = try await client.send(.get, "/v2/models/iris/versions/1/ready")
            #expect(versioned.status == 200)
        }
    }

    @Test func inferWithOneTensorPerColumn() async throws {
        try await ServingFixture.get().server("iris").application().test(.router) { client in
            let body = #"""
                {"id": "42", "inputs": [
                  {"name": "sepal_length", "shape": [2], "datatype": "FP64", "data": [5.1, 6.3]},
                  {"name": "sepal_width", "shape": [2, 1], "datatype": "FP64", "data": [[3.5], [3.3]]},
                  {"name": "petal_length", "shape": [2], "datatype": "FP32", "data": [1.4, 6.0]},
                  {"name": "petal_width", "shape": [2], "datatype": "FP64", "data": [0.2, 2.5]}]}
                """#
            let reply = try await client.send(.post, "/v2/models/iris/infer", body)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.object["model_name"] as? String == "iris")
            #expect(reply.object["model_version"] as? String == "1")
            #expect(reply.object["id"] as? String == "42")
            let outputs = reply.object["outputs"] as? [[String: Any]] ?? []
            #expect(outputs.map { $0["name"] as? String } == ["predict", "probabilities"])
            #expect(outputs.first?["datatype"] as? String == "BYTES")
            #expect(outputs.first?["shape"] as? [Int] == [2])
            #expect(outputs.first?["data"] as? [String] == ["setosa", "virginica"])
            #expect(outputs.last?["datatype"] as? String == "FP64")
            #expect(outputs.last?["shape"] as? [Int] == [2, 3])
            #expect((outputs.last?["data"] as? [Double])?.count == 6)
        }
    }

    @Test func inferWithOneMatrixAndChosenOutputs() async throws {
        try await ServingFixture.get().server("iris").application().test(.router) { client in
            let body = #"""
                {"inputs": [{"name": "input-0", "shape": [2, 4], "datatype": "FP64", "data": [5.1, 3.5, 1.4, 0.2, 6.3, 3.3, 6.0, 2.5]}],
                 "outputs": [{"name": "probabilities", "parameters": {"binary_data": false}}]}
                """#
            let reply = try await client.send(.post, "/v2/models/iris/versions/1/infer", body)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.object["id"] == nil)
            let outputs = reply.object["outputs"] as? [[String: Any]] ?? []
            #expect(outputs.map { $0["name"] as? String } == ["probabilities"])
            let nested = #"{"inputs": [{"name": "x", "shape": [2, 4], "datatype": "FP64", "data": [[5.1, 3.5, 1.4, 0.2], [6.3, 3.3, 6.0, 2.5]]}]}"#
            let again = try await client.send(.post, "/v2/models/iris/infer", nested).object["outputs"] as? [[String: Any]] ?? []
            #expect(again.last?["data"] as? [Double] == outputs.first?["data"] as? [Double])
        }
    }

    @Test func inferTakesCategoriesAsBytesAndBooleansAsBool() async throws {
        let fixture = try ServingFixture.get()
        try await fixture.server("penguins").application().test(.router) { client in
            let body = #"""
                {"inputs": [
                  {"name": "island", "shape": [1], "datatype": "BYTES", "data": ["Dream"]},
                  {"name": "bill_length_mm", "shape": [1], "datatype": "FP64", "data": [40.0]},
                  {"name": "bill_depth_mm", "shape": [1], "datatype": "FP64", "data": [18.0]},
                  {"name": "flipper_length_mm", "shape": [1], "datatype": "INT64", "data": [190]},
                  {"name": "body_mass_g", "shape": [1], "datatype": "INT64", "data": [3800]},
                  {"name": "sex", "shape": [1], "datatype": "BYTES", "data": ["male"]},
                  {"name": "year", "shape": [1], "datatype": "INT64", "data": [2008]}]}
                """#
            let reply = try await client.send(.post, "/v2/models/penguins/infer", body)
            #expect(reply.status == 200, "\(reply.text)")
            #expect((reply.object["outputs"] as? [[String: Any]])?.first?["data"] as? [String] == ["Adelie"])
        }
        try await fixture.server("smokers").application().test(.router) { client in
            let body = #"""
                {"inputs": [{"name": "age", "shape": [2], "datatype": "INT64", "data": [70, 25]},
                            {"name": "smoker", "shape": [2], "datatype": "BOOL", "data": [true, false]}]}
                """#
            let reply = try await client.send(.post, "/v2/models/smokers/infer", body)
            #expect(reply.status == 200, "\(reply.text)")
            #expect((reply.object["outputs"] as? [[String: Any]])?.first?["data"] as? [String] == ["high", "low"])
        }
    }

    @Test func predictTakesARecordAListOrRows() async throws {
        try await ServingFixture.get().server("iris").application().test(.router) { client in
            let one = try await client.send(.post, "/predict", Self.setosa)
            #expect(one.status == 200, "\(one.text)")
            #expect(one.object["predictions"] as? [String] == ["setosa"])
            #expect(one.object["model"] as? String == "iris")
            #expect(one.object["version"] as? Int == 1)
            #expect(one.text.contains(#""model":"iris","version":1}"#))
            let probabilities = one.object["probabilities"] as? [[String: Double]] ?? []
            #expect(probabilities.first.map { Set($0.keys) } == ["setosa", "versicolor", "virginica"])
            #expect(abs((probabilities.first?.values.reduce(0, +) ?? 0) - 1) < 1e-12)

            let list = try await client.send(.post, "/predict", "[\(Self.setosa), \(Self.virginica)]")
            #expect(list.object["predictions"] as? [String] == ["setosa", "virginica"])
            let rows = try await client.send(.post, "/predict", #"{"rows": ["# + Self.setosa + "," + Self.virginica + "]}")
            #expect(rows.text == list.text)
            #expect(try await client.send(.post, "/predict", Self.setosa, contentType: "application/json; charset=utf-8").status == 200)
        }
    }

    @Test func predictForRegressionAndClusters() async throws {
        let fixture = try ServingFixture.get()
        try await fixture.server("diabetes").application().test(.router) { client in
            let row = #"{"age": 59, "sex": 2, "bmi": 32.1, "bp": 101.0, "s1": 157, "s2": 93.2, "s3": 38.0, "s4": 4.0, "s5": 4.8598, "s6": 87}"#
            let reply = try await client.send(.post, "/predict", row)
            #expect(reply.status == 200, "\(reply.text)")
            #expect((reply.object["predictions"] as? [Double])?.count == 1)
            #expect(reply.object["probabilities"] == nil)
        }
        try await fixture.server("groups").application().test(.router) { client in
            let row = #"{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}"#
            let reply = try await client.send(.post, "/predict", row)
            #expect(reply.status == 200, "\(reply.text)")
            #expect((reply.object["predictions"] as? [Int]).map { $0.count == 1 && (0..<3).contains($0[0]) } == true)
        }
    }

    @Test func metricsArePrometheusText() async throws {
        try await ServingFixture.get().server("iris").application().test(.router) { client in
            let reply = try await client.send(.get, "/metrics")
            #expect(reply.status == 200)
            #expect(reply.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(reply.text.contains("# TYPE mlx_http_requests_total counter\n"))
        }
    }

    @Test func aRefusedBundleIsNotServed() throws {
        let fixture = try ServingFixture.get()
        let directory = try fixture.model("iris").bundle.directory
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-serving-changed-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: directory, toPath: copy)
        let manifest = copy + "/bundle.json"
        try (try String(contentsOfFile: manifest, encoding: .utf8)).replacingOccurrences(of: "logistic", with: "logistik")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try ServedModel(bundle: try ModelBundle(directory: copy)) }
    }
}
