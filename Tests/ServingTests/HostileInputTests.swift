import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Serving

/// Every kind of bad request gets a 4xx with `{"error": "…"}` naming exactly
/// what is wrong, and the server answers the next request as usual.
@Suite struct HostileInputTests {
    static let inputs = "(its inputs are sepal_length, sepal_width, petal_length, petal_width)"

    /// An iris record with `changes` applied (nil removes a column).
    static func record(_ changes: [String: String?] = [:]) -> String {
        var fields: [(String, String?)] = [("sepal_length", "5.1"), ("sepal_width", "3.5"), ("petal_length", "1.4"), ("petal_width", "0.2")]
        for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
            if let index = fields.firstIndex(where: { $0.0 == name }) { fields[index].1 = value } else { fields.append((name, value)) }
        }
        return "{" + fields.compactMap { name, value in value.map { "\"\(name)\": \($0)" } }.joined(separator: ", ") + "}"
    }

    /// Sends each (body, status, message) to `/predict` and checks the reply; then checks the server still predicts.
    static func expectRefusals(_ cases: [(String, Int, String)], model: String = "iris", path: String = "/predict") async throws {
        try await ServingFixture.get().server(model).application().test(.router) { client in
            for (body, status, message) in cases {
                let reply = try await client.send(.post, path, body)
                #expect(reply.status == status, "\(body)")
                #expect(reply.error == message, "\(body)")
                #expect(reply.headers[.contentType] == "application/json")
            }
            if model == "iris" { #expect(try await client.send(.post, "/predict", record()).status == 200) }
        }
    }

    @Test func malformedJSONSaysWhere() async throws {
        try await Self.expectRefusals([
            ("{\"sepal_length\": 5.1,}", 400, "invalid JSON at line 1, column 22: trailing comma"),
            ("{\"sepal_length\": 5.1\n \"x\": 1}", 400, "invalid JSON at line 2, column 2: expected ',' or '}'"),
            ("[1, 2", 400, "invalid JSON at line 1, column 6: expected ',' or ']' (found the end of the body)"),
            ("{'a': 1}", 400, "invalid JSON at line 1, column 2: expected a string key in double quotes"),
            ("{\"a\": 1} x", 400, "invalid JSON at line 1, column 10: unexpected text after the JSON value"),
            ("{\"a\": 01}", 400, "invalid JSON at line 1, column 7: numbers cannot have leading zeros"),
            ("{\"a\": NaN}", 400, "invalid JSON at line 1, column 7: NaN and Infinity are not JSON numbers"),
            ("{\"a\": \"\u{1}\"}", 400, "invalid JSON at line 1, column 8: control character in a string (escape it)"),
            ("{\"a\": 1, \"a\": 2}", 400, "invalid JSON at line 1, column 10: duplicate key \"a\""),
            ("{\"é\": tru}", 400, "invalid JSON at line 1, column 7: expected a value (true, false, null, a number, a string, an array or an object)"),
            ("\u{FEFF}{}", 400, "invalid JSON at line 1, column 1: expected a value, found byte 0xEF"),
            ("", 400, "the body is empty; send a JSON document"),
            (String(repeating: "[", count: 1000), 400, "invalid JSON at line 1, column 65: nesting deeper than 64 levels"),
        ])
    }

    @Test func wrongTypesNameTheRowAndColumn() async throws {
        try await Self.expectRefusals([
            (Self.record(["sepal_length": "\"5.1\""]), 400, "row 1, column 'sepal_length' must be a number, got a string (\"5.1\")"),
            (Self.record(["petal_width": "true"]), 400, "row 1, column 'petal_width' must be a number, got true"),
            (Self.record(["petal_width": "{\"cm\": 0.2}"]), 400, "row 1, column 'petal_width' must be a number, got an object"),
            (Self.record(["petal_width": "[0.2]"]), 400, "row 1, column 'petal_width' must be a number, got an array"),
            ("[\(Self.record()), 7]", 400, "row 2 is a number, not an object of column values"),
            ("\"setosa\"", 400, "the body must be a record, an array of records or {\"rows\": [records]}, got a string"),
            ("{\"rows\": 3}", 400, "\"rows\" must be an array of records, got a number"),
        ])
    }

    @Test func missingAndExtraColumnsAreNamed() async throws {
        try await Self.expectRefusals([
            (Self.record(["petal_width": nil, "sepal_width": nil]), 400, "row 1 is missing columns: sepal_width, petal_width \(Self.inputs)"),
            (Self.record(["colour": "\"blue\"", "size": "3"]), 400, "row 1 has columns the model does not take: colour, size \(Self.inputs)"),
            ("[\(Self.record()), {}]", 400, "row 2 is missing columns: sepal_length, sepal_width, petal_length, petal_width \(Self.inputs)"),
        ])
    }

    @Test func nullsHugeNumbersAndEmptyBatches() async throws {
        try await Self.expectRefusals([
            (Self.record(["sepal_length": "null"]), 400, "row 1, column 'sepal_length' is null; every input needs a value"),
            (Self.record(["sepal_length": "1e400"]), 400, "row 1, column 'sepal_length' is too large for a 64-bit float"),
            (Self.record(["sepal_length": "-1e400"]), 400, "row 1, column 'sepal_length' is too large for a 64-bit float"),
            ("[]", 400, "no rows to predict: the batch is empty"),
            ("{\"rows\": []}", 400, "no rows to predict: the batch is empty"),
        ])
        // Large but finite numbers are the model's business: it answers, with finite probabilities.
        try await ServingFixture.get().server("iris").application().test(.router) { client in
            let reply = try await client.send(.post, "/predict", Self.record(["sepal_length": "1e300", "petal_width": "123456789012345678901234567890"]))
            #expect(reply.status == 200, "\(reply.text)")
        }
    }

    @Test func unknownCategoriesNameTheKnownOnes() async throws {
        let penguin = #"{"island": "Atlantis", "bill_length_mm": 40.0, "bill_depth_mm": 18.0, "flipper_length_mm": 190, "body_mass_g": 3800, "sex": "male", "year": 2008}"#
        try await Self.expectRefusals(
            [
                (penguin, 400, "row 1, column 'island' has the unknown category \"Atlantis\" (known: Biscoe, Dream, Torgersen)"),
                (penguin.replacingOccurrences(of: "\"Atlantis\"", with: "3"), 400,
                 "row 1, column 'island' must be a string (one of Biscoe, Dream, Torgersen), got the number 3"),
                (penguin.replacingOccurrences(of: "\"Atlantis\"", with: "\"Dream\"").replacingOccurrences(of: "190", with: "190.5"), 400,
                 "row 1, column 'flipper_length_mm' must be a whole number, got 190.5"),
                (penguin.replacingOccurrences(of: "\"Atlantis\"", with: "\"Drëam 🐧\""), 400,
                 "row 1, column 'island' has the unknown category \"Drëam 🐧\" (known: Biscoe, Dream, Torgersen)"),
            ], model: "penguins")
        try await Self.expectRefusals([(#"{"age": 30, "smoker": 1}"#, 400, "row 1, column 'smoker' must be true or false, got the number 1")], model: "smokers")
    }

    @Test func errorsQuoteWhatTheClientSentOnlyUpToALimit() async throws {
        let key = String(repeating: "k", count: 100_000)
        let full = "row 1 has columns the model does not take: \(key)"
        let message = RequestError(.badRequest, full).message
        let rest = full.count - RequestError.messageLimit
        #expect(message == full.prefix(RequestError.messageLimit) + "… (\(rest) more characters)")
        #expect(RequestError(.badRequest, "short").message == "short")
    }

    @Test func inferenceRequestsThatDoNotFitTheModel() async throws {
        func tensor(_ name: String, _ shape: String = "[1]", _ datatype: String = "FP64", _ data: String = "[1.0]") -> String {
            #"{"name": "\#(name)", "shape": \#(shape), "datatype": "\#(datatype)", "data": \#(data)}"#
        }
        let complete = ["sepal_length", "sepal_width", "petal_length", "petal_width"].map { tensor($0) }
        func body(_ tensors: [String], extra: String = "") -> String { #"{"inputs": [\#(tensors.joined(separator: ", "))]\#(extra)}"# }
        try await Self.expectRefusals(
            [
                ("[]", 400, "the body must be a JSON object with \"inputs\", got an array"),
                ("{}", 400, "the body has no \"inputs\" array of tensors"),
                (body(Array(complete.prefix(3))), 400, "missing inputs: petal_width \(Self.inputs)"),
                (body(complete + [tensor("colour")]), 400, "unknown inputs: colour \(Self.inputs)"),
                (body(complete + [tensor("sepal_length")]), 400, "input 'sepal_length' appears more than once"),
                (body([tensor("sepal_length", "[2]")] + complete.dropFirst()), 400,
                 "input 'sepal_length' has shape [2], which holds 2 values, but its data has 1"),
                (body([tensor("sepal_length", "[1]", "FLOAT")] + complete.dropFirst()), 400,
                 "input 'sepal_length' has the unknown datatype \"FLOAT\" (Open Inference Protocol datatypes: BOOL, BYTES, FP16, FP32, FP64, INT16, INT32, INT64, INT8, UINT16, UINT32, UINT64, UINT8)"),
                (body([tensor("sepal_length", "[1]", "BYTES", "[\"5.1\"]")] + complete.dropFirst()), 400,
                 "input 'sepal_length' is BYTES, but the column is number: send FP64"),
                (body([tensor("sepal_length", "[1]", "INT64", "[5.1]")] + complete.dropFirst()), 400, "input 'sepal_length' is INT64 but element 1 is 5.1"),
                (body([tensor("sepal_length", "[1, 1, 1]")] + complete.dropFirst()), 400, "input 'sepal_length' has shape [1, 1, 1]; a column's tensor is [n] or [n, 1]"),
                (body([tensor("sepal_length", "[-1]")] + complete.dropFirst()), 400, "input 'sepal_length' has a shape that is not a list of non-negative whole numbers"),
                (body([tensor("sepal_length", "[2]", "FP64", "[1.0, 2.0]")] + complete.dropFirst()), 400,
                 "inputs disagree on the batch size: 'sepal_length' has 2 rows, 'sepal_width' has 1"),
                (body(complete.map { $0.replacingOccurrences(of: "[1]", with: "[0]").replacingOccurrences(of: "[1.0]", with: "[]") }), 400,
                 "no rows to predict: the batch is empty"),
                (body([tensor("x", "[1, 3]", "FP64", "[1, 2, 3]")]), 400,
                 "input 'x' has shape [1, 3]; a single [n, k] tensor needs k = 4, one column per input in this order: sepal_length, sepal_width, petal_length, petal_width"),
                (body([tensor("sepal_length", "[1]", "FP64", "[null]")] + complete.dropFirst()), 400, "row 1, column 'sepal_length' is null; every input needs a value"),
                (body(complete, extra: #", "outputs": [{"name": "scores"}]"#), 400, "unknown output 'scores' (this model's outputs: predict, probabilities)"),
                (body(complete, extra: #", "outputs": [{"name": "predict"}, {"name": "predict"}]"#), 400, "output 'predict' is requested twice"),
                (body(complete, extra: #", "outputs": [{"name": "predict", "parameters": {"binary_data": true}}]"#), 400,
                 "the binary tensor data extension is not supported: send and request JSON data (binary_data=False)"),
                (body(complete, extra: #", "id": 42"#), 400, "\"id\" must be a string, got a number"),
                // Ragged rows that happen to hold as many values as the shape are still refused.
                (body([tensor("x", "[2, 4]", "FP64", "[[5.1, 3.5], [1.4, 0.2, 6.3, 3.3], [6.0], [2.5]]")]), 400,
                 "input 'x' has data nested otherwise than its shape [2, 4]: give it flat, or as nested lists of exactly those lengths"),
                (body([tensor("x", "[1, 4]", "FP64", "[[], [], [1, 2, 3, 4]]")]), 400,
                 "input 'x' has data nested otherwise than its shape [1, 4]: give it flat, or as nested lists of exactly those lengths"),
                (body([tensor("sepal_length", "[1]", "INT8", "[5000]")] + complete.dropFirst()), 400, "input 'sepal_length' is INT8 but element 1 is 5000"),
                (body([tensor("sepal_length", "[1]", "FP16", "[1e10]")] + complete.dropFirst()), 400,
                 "input 'sepal_length' is FP16 but element 1 is 10000000000"),
                (body([tensor("sepal_length", "[1]", "FP16", "[-65505]")] + complete.dropFirst()), 400,
                 "input 'sepal_length' is FP16 but element 1 is -65505"),
                (body([tensor("sepal_length", "[1]", "FP32", "[1e300]")] + complete.dropFirst()), 400,
                 "input 'sepal_length' is FP32 but element 1 is 1e+300"),
                (body([tensor("x", "[1, 4]", "FP32", "[5.1, 3.5, 3.5e38, 0.2]")]), 400, "input 'x' is FP32 but element 3 is 3.5e+38"),
                // A zero dimension holds nothing, however large the others.
                (body([tensor("sepal_length", "[100000000000000, 4, 0]", "FP64", "[]")] + complete.dropFirst()), 400,
                 "input 'sepal_length' has shape [100000000000000, 4, 0]; a column's tensor is [n] or [n, 1]"),
                (body([tensor("sepal_length", "[999999999999999, 999999999999999, 999999999999999]")] + complete.dropFirst()), 400,
                 "input 'sepal_length' has shape [999999999999999, 999999999999999, 999999999999999], which holds more values than any request can hold, but its data has 1"),
            ], path: "/v2/models/iris/infer")
        try await Self.expectRefusals(
            [(#"{"inputs": [{"name": "x", "shape": [1, 7], "datatype": "FP64", "data": [1, 2, 3, 4, 5, 6, 7]}]}"#, 400,
              "a single [n, k] tensor works only when every input is numeric, and 'island' is categorical; send one tensor per column")],
            model: "penguins", path: "/v2/models/penguins/infer")
    }

    /// FP16 and FP32 inputs are read as the 64-bit floats JSON gives, up to their own largest values.
    @Test func floatDatatypesTakeValuesUpToTheirLargest() async throws {
        try await ServingFixture.get().server("iris").application().test(.router) { client in
            for (datatype, value) in [("FP16", "65504"), ("FP16", "-65504"), ("FP32", "-65505"), ("FP32", "3.4028234663852886e38")] {
                let body = #"{"inputs": [{"name": "x", "shape": [1, 4], "datatype": "\#(datatype)", "data": [5.1, 3.5, 1.4, \#(value)]}]}"#
                let reply = try await client.send(.post, "/v2/models/iris/infer", body)
                #expect(reply.error?.hasPrefix("input 'x'") != true, "\(datatype) \(value): \(reply.text)")
            }
        }
    }

    @Test func protocolErrors() async throws {
        try await ServingFixture.get().server("iris", maximumBodyBytes: 64).application().test(.router) { client in
            let oversized = try await client.send(.post, "/predict", "[" + String(repeating: " ", count: 100) + "]")
            #expect(oversized.status == 413)
            #expect(oversized.error == "the body is larger than the limit of 64 bytes (mlx serve --max-body)")
            let plain = try await client.send(.post, "/predict", "{}", contentType: "text/plain")
            #expect(plain.status == 415)
            #expect(plain.error == "the body must be JSON (Content-Type: application/json), got Content-Type: text/plain")
            let form = try await client.send(.post, "/predict", "{}", contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 415)
            let gzip = try await client.send(.post, "/predict", "{}", headers: [.contentEncoding: "gzip"])
            #expect(gzip.status == 415)
            #expect(gzip.error == "the body must be sent unencoded (mlx serve reads plain JSON), got Content-Encoding: gzip")
            for value in ["Identity", "identity, identity", ""] {
                let identity = try await client.send(.post, "/predict", "[]", headers: [.contentEncoding: value])
                #expect(identity.status == 400, "Content-Encoding: \(value)")
            }
            let listed = try await client.send(.post, "/predict", "{}", headers: [.contentEncoding: "identity, br"])
            #expect(listed.status == 415)
            let unknownModel = try await client.send(.get, "/v2/models/dogs")
            #expect(unknownModel.status == 404)
            #expect(unknownModel.error == "no model named 'dogs' here (this server serves iris version 1)")
            // Escapes are decoded per segment: an encoded name is the name, an encoded slash stays in its segment.
            #expect(try await client.send(.get, "/v2/models/iri%73").status == 200)
            #expect(try await client.send(.get, "/v2/models/%69ris/versions/%31/ready").status == 200)
            let encodedSlash = try await client.send(.get, "/v2/models/ir%2Fis")
            #expect(encodedSlash.error == "no model named 'ir/is' here (this server serves iris version 1)")
            for path in ["/v2/models/iris%zz", "/v2/models/iris%4", "/v2/models/%FF%FE", "/v2/%"] {
                let malformed = try await client.send(.get, path)
                #expect(malformed.status == 400, "\(path)")
                #expect(malformed.error == "malformed path \(path): each % must begin a two-hex-digit escape of UTF-8 bytes (a literal % is %25)")
            }
            let unknownVersion = try await client.send(.post, "/v2/models/iris/versions/7/infer", "{}")
            #expect(unknownVersion.status == 404)
            #expect(unknownVersion.error == "model 'iris' has no version '7' here (this server serves iris version 1)")
            let route = try await client.send(.get, "/v3/anything")
            #expect(route.status == 404)
            #expect(route.error == "no route for /v3/anything (see GET /v2 and POST /predict)")
            // Empty segments are significant (RFC 3986): a path with one is not the route it would collapse to.
            for path in ["/v2/models//ready", "/v2//health/live", "/v2/", "/predict/", "/v2/models/iris/versions//ready"] {
                let empty = try await client.send(.get, path)
                #expect(empty.status == 404, "\(path)")
                #expect(empty.error == "no route for \(path) (see GET /v2 and POST /predict)")
            }
            let method = try await client.send(.get, "/predict")
            #expect(method.status == 405)
            #expect(method.error == "/predict takes POST, not GET")
            #expect(method.headers[.allow] == "POST")
            let deleteModel = try await client.send(.delete, "/v2/models/iris")
            #expect(deleteModel.status == 405)
            #expect(deleteModel.headers[.allow] == "GET, HEAD")
            #expect(deleteModel.error == "/v2/models/iris takes GET, HEAD, not DELETE")
        }
    }

    @Test func garbageNeverCrashesTheServer() async throws {
        let pieces = ["{", "}", "[", "]", ",", ":", "\"", "\\", "1e400", "-0", "null", "true", "\"sepal_length\"", "5.1", " ", "\u{0}", "é", "🐧", "\\u00", "\\ud83d"]
        try await ServingFixture.get().server("iris").application().test(.router) { client in
            var random = SystemRandomNumberGenerator()
            for _ in 0..<300 {
                let body = (0..<Int.random(in: 1...40, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
                for path in ["/predict", "/v2/models/iris/infer"] {
                    let reply = try await client.send(.post, path, body)
                    #expect((200..<500).contains(reply.status), "\(body)")
                    #expect(reply.status == 200 || reply.error != nil, "\(body)")
                }
            }
            #expect(try await client.send(.post, "/predict", Self.record()).status == 200)
        }
    }
}
