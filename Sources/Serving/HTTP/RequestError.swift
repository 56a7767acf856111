import Hummingbird

/// A request the server refuses: the status and the one sentence the client
/// reads in `{"error": "…"}`, which names exactly what is wrong.
struct RequestError: Error, Equatable, CustomStringConvertible {
    let status: HTTPResponse.Status
    let message: String
    /// Extra response headers (`Allow` on a 405).
    var headers: HTTPFields = [:]

    /// The longest message sent: messages quote what the client sent (keys, names, values),
    /// and a megabyte-long key must not come back as a megabyte-long error.
    static let messageLimit = 1000

    init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message.count <= Self.messageLimit ? message : message.prefix(Self.messageLimit) + "… (\(message.count - Self.messageLimit) more characters)"
        self.headers = headers
    }

    var description: String { "\(status.code) \(message)" }

    /// The error as the JSON body OIP clients expect from a failed request.
    var response: Response {
        JSONResponse.make(.object([("error", .string(message))]), status: status, headers: headers)
    }
}

/// JSON bodies with the right content type.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(value))))
    }
}
