import Foundation
import Hummingbird
import NIOHTTP1

/// Answers every request for one served model: routing, body limits,
/// content types, errors as `{"error": "…"}`, and metrics for each response.
public struct ServingResponder: HTTPResponder {
    /// No per-request state beyond what Hummingbird keeps.
    public typealias Context = BasicRequestContext

    let model: ServedModel
    let metrics: ServingMetrics
    let maximumBodyBytes: Int
    /// The version `GET /v2` reports.
    let serverVersion: String

    /// The response to `request`; never throws: every failure is a JSON error response, counted in the metrics.
    public func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let route = Route(path: request.uri.path)
        var response: Response
        do { response = try await answer(request, route: route) } catch { response = error.response }
        // HEAD is GET without the body (RFC 9110 §9.3.2): the same status and headers, Content-Length included.
        if request.method == .head { response = response.createHeadResponse() }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        metrics.recordRequest(endpoint: route.template, method: request.method.rawValue, status: response.status.code, seconds: seconds)
        return response
    }

    private func answer(_ request: Request, route: Route) async throws(RequestError) -> Response {
        if let name = Self.unrecognizedMethod, request.headers[name] != nil {
            throw RequestError(
                .notImplemented, "the request's method is not one this server implements: it answers GET, HEAD and POST (methods are case-sensitive)")
        }
        if request.method == .connect {
            throw RequestError(
                .notImplemented, "CONNECT is not implemented: this server opens no tunnels (it is not a proxy); it answers GET, HEAD and POST")
        }
        if let name = Self.headRefusal, let refusal = request.headers[name] { throw RequestError(.badRequest, refusal) }
        if let name = Self.transferCodingRefusal, let codings = request.headers[name] {
            throw RequestError(
                .notImplemented,
                "the transfer coding \(codings) is not implemented: send the body as it is (with Content-Length) or only chunked, got Transfer-Encoding: \(request.headers[values: .transferEncoding].joined(separator: ", "))")
        }
        if route == .malformed {
            throw RequestError(.badRequest, "malformed path \(request.uri.path): each % must begin a two-hex-digit escape of UTF-8 bytes (a literal % is %25)")
        }
        guard let method = route.method else { throw Self.noRoute(request.uri.path) }
        guard request.method == method || (request.method == .head && method == .get) else {
            let allowed = method == .get ? "GET, HEAD" : method.rawValue
            throw RequestError(
                .methodNotAllowed, "\(request.uri.path) takes \(allowed), not \(request.method.rawValue)", headers: [.allow: allowed])
        }
        return try await respond(route, request)
    }

    private func respond(_ route: Route, _ request: Request) async throws(RequestError) -> Response {
        switch route {
        case .serverMetadata: return JSONResponse.make(InferenceDocuments.server(version: serverVersion))
        case .live: return JSONResponse.make(.object([("live", .boolean(true))]))
        case .ready: return JSONResponse.make(.object([("ready", .boolean(true))]))
        case .modelMetadata(let reference):
            try check(reference)
            return JSONResponse.make(InferenceDocuments.model(model))
        case .modelReady(let reference):
            try check(reference)
            return JSONResponse.make(InferenceDocuments.modelReady(model))
        case .infer(let reference):
            try check(reference)
            return try await infer(request)
        case .predict: return try await predict(request)
        case .metrics:
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render())))
        case .unknown, .malformed: throw Self.noRoute(request.uri.path)
        }
    }

    private static func noRoute(_ path: String) -> RequestError {
        RequestError(.notFound, "no route for \(path) (see GET /v2 and POST /predict)")
    }

    /// A URL naming another model or version is a 404 that says what is served here.
    private func check(_ reference: Route.ModelReference) throws(RequestError) {
        let served = "this server serves \(model.name) version \(model.version)"
        guard reference.name == model.name else { throw RequestError(.notFound, "no model named '\(reference.name)' here (\(served))") }
        if let version = reference.version, version != String(model.version) {
            throw RequestError(.notFound, "model '\(model.name)' has no version '\(version)' here (\(served))")
        }
    }

    /// Set by `RequestHeadCheck` on a request whose head it refused with a 400 (Host, the last transfer coding).
    private static let headRefusal = HTTPFields.Element.Name(RequestHeadCheck.headRefusalField)
    /// Set by `UnrecognizedMethod` on the request it stands in for.
    private static let unrecognizedMethod = HTTPFields.Element.Name(UnrecognizedMethod.markField)
    /// Set by `RequestHeadCheck` on a request with a transfer coding other than chunked.
    private static let transferCodingRefusal = HTTPFields.Element.Name(RequestHeadCheck.transferCodingRefusalField)

    /// Sent by Open Inference Protocol clients when binary tensors follow the JSON header.
    private static let binaryHeaderLength = HTTPFields.Element.Name("Inference-Header-Content-Length")

    private func infer(_ request: Request) async throws(RequestError) -> Response {
        if let name = Self.binaryHeaderLength, request.headers[name] != nil { throw InferenceRequest.binaryUnsupported }
        let inference = try InferenceRequest(try await json(request), model: model)
        let output = try model.predict(inference.rows)
        metrics.recordPredictions(output)
        return JSONResponse.make(InferenceDocuments.response(model, request: inference, output: output))
    }

    private func predict(_ request: Request) async throws(RequestError) -> Response {
        let rows = try model.schema.table(records: try RecordPrediction.records(try await json(request)))
        let output = try model.predict(rows)
        metrics.recordPredictions(output)
        return JSONResponse.make(RecordPrediction.response(model, output))
    }

    /// The body as JSON, after its content type and size are checked.
    private func json(_ request: Request) async throws(RequestError) -> JSONValue {
        try Self.checkContentType(request.headers[.contentType])
        try Self.checkContentEncoding(request.headers[.contentEncoding])
        let body = try await self.body(request)
        guard !body.isEmpty else { throw RequestError(.badRequest, "the body is empty; send a JSON document") }
        return try JSONParser.parse(body)
    }

    /// JSON, or no content type at all (some Open Inference Protocol clients send none).
    static func checkContentType(_ value: String?) throws(RequestError) {
        guard let value else { return }
        let mediaType = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json")) else {
            throw RequestError(.unsupportedMediaType, "the body must be JSON (Content-Type: application/json), got Content-Type: \(value)")
        }
    }

    /// An encoded (compressed) body would be read as JSON and refused with a misleading
    /// parse error; it is refused for what it is.
    static func checkContentEncoding(_ value: String?) throws(RequestError) {
        // A list ("identity, identity" from two headers) is fine if it names no coding but identity.
        guard let value, !value.split(separator: ",").allSatisfy({ ["", "identity"].contains($0.trimmingCharacters(in: .whitespaces).lowercased()) })
        else { return }
        throw RequestError(.unsupportedMediaType, "the body must be sent unencoded (mlx serve reads plain JSON), got Content-Encoding: \(value)")
    }

    /// The body's bytes, refused past the limit before more is read.
    private func body(_ request: Request) async throws(RequestError) -> [UInt8] {
        let tooLarge = RequestError(.contentTooLarge, "the body is larger than the limit of \(maximumBodyBytes) bytes (mlx serve --max-body)")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maximumBodyBytes { throw tooLarge }
        var bytes = [UInt8]()
        do {
            for try await buffer in request.body {
                guard bytes.count + buffer.readableBytes <= maximumBodyBytes else { throw tooLarge }
                bytes.append(contentsOf: buffer.readableBytesView)
            }
        } catch let error as RequestError {
            throw error
        } catch {
            // The parser stops at the fault, so nothing after it on the connection can be read.
            throw RequestError(.badRequest, "cannot read the body: \(Self.bodyFault(error))", headers: [.connection: "close"])
        }
        return bytes
    }

    /// What went wrong in a body the HTTP parser refused, in words: its error names are llhttp's.
    static func bodyFault(_ error: any Error) -> String {
        switch error as? HTTPParserError {
        case .invalidChunkSize: return "a chunk size is not a hexadecimal number"
        // llhttp's checks of the CRLF that must follow each chunk's data.
        case .strictModeAssertion, .lfExpected, .invalidConstant:
            return "a chunk's data does not end where its size says (a CRLF must follow exactly that many bytes)"
        case .invalidEOFState, .closedConnection: return "the connection closed before the body was complete"
        case .some(let parserError): return "it is not valid HTTP/1.1 (\(parserError))"
        case nil: return "\(error)"
        }
    }
}
