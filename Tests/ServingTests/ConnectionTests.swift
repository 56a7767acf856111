import Dispatch
import Foundation
import Glibc
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
import TestSupport

@testable import Serving

/// What a hostile or merely old client does to a connection: a real server on a free port,
/// driven byte by byte over a socket, with short timeouts; and `ConnectionGuard` alone on an
/// embedded channel, whose clock the test moves.
@Suite(.serialized) struct ConnectionTests {
    static func server(
        idle: Duration = .seconds(60), request: Duration = .seconds(60), write: Duration = .seconds(60), connections: Int = 256
    ) throws -> ModelServer {
        let configuration = ServerConfiguration(
            port: 0, maximumBodyBytes: 4096, idleTimeout: idle, requestTimeout: request, writeTimeout: write,
            maximumConnections: connections, serverVersion: "test")
        return ModelServer(model: try ServingFixture.get().model("iris"), configuration: configuration)
    }

    /// `work` on a thread of its own with the port of a live `server`: sockets block, and the
    /// server's handlers need the cooperative pool.
    static func live(_ server: ModelServer, _ work: @escaping @Sendable (Int) throws -> Void) async throws {
        try await server.application().test(.live) { client in
            let port = try #require(client.port)
            try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
                Thread.detachNewThread { done.resume(with: Result { try work(port) }) }
            }
        }
    }

    static let record = #"{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}"#

    @Test func silentAndHalfSentConnectionsAreClosedWhenIdle() async throws {
        try await Self.live(try Self.server(idle: .seconds(1))) { port in
            let silent = try LoopbackConnection(port: port, receiveTimeout: 0.1), halfSent = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try halfSent.send("GET /v2 HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            let started = Date()
            #expect(silent.receive(seconds: 10).closed)
            #expect(halfSent.receive(seconds: 10).closed)
            #expect(Date().timeIntervalSince(started) < 5)
        }
    }

    @Test func aTrickledBodyIsCutOffAtTheRequestTimeout() async throws {
        try await Self.live(try Self.server(idle: .seconds(1), request: .seconds(3))) { port in
            let connection = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try connection.send("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n")
            let started = Date()
            var closed = false
            // A byte every half second keeps it busy for the idle timeout, not for the request timeout.
            for _ in 0..<40 where !closed {
                closed = (try? connection.send("[")) == nil || connection.receive(seconds: 0.5).closed
            }
            #expect(closed)
            #expect(Date().timeIntervalSince(started) > 2)
            #expect(Date().timeIntervalSince(started) < 8)
        }
    }

    @Test func http10IsClosedAfterTheResponseUnlessKeptAlive() async throws {
        try await Self.live(try Self.server()) { port in
            let old = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try old.send("GET /v2/health/live HTTP/1.0\r\n\r\n")
            let reply = old.receive(seconds: 10)
            #expect(reply.text.hasPrefix("HTTP/1.1 200"))
            #expect(reply.text.lowercased().contains("connection: close"))
            #expect(reply.text.hasSuffix(#"{"live":true}"#))
            #expect(reply.closed)

            let kept = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            for _ in 0..<2 {
                try kept.send("GET /v2/health/live HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let answer = kept.receive(until: #"{"live":true}"#, seconds: 10)
                #expect(answer.text.hasSuffix(#"{"live":true}"#))
                #expect(!answer.closed)
            }
        }
    }

    @Test func expectContinueIsAnsweredUnlessTheBodyIsTooLarge() async throws {
        try await Self.live(try Self.server()) { port in
            let connection = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try connection.send(
                "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: \(Self.record.utf8.count)\r\n\r\n")
            // curl waits one second for it before sending the body anyway.
            #expect(connection.receive(until: "\r\n\r\n", seconds: 0.5).text == "HTTP/1.1 100 Continue\r\n\r\n")
            try connection.send(Self.record)
            let answer = connection.receive(until: "}]", seconds: 10).text
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")

            let large = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try large.send("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n")
            // The body it held back never comes: the connection closes after the answer.
            let refused = large.receive(seconds: 5)
            #expect(refused.text.hasPrefix("HTTP/1.1 413") && refused.text.lowercased().contains("connection: close") && refused.closed, "\(refused.text)")
            // HTTP/1.0 clients do not wait for 100 Continue, so none is sent.
            let old = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try old.send("POST /predict HTTP/1.0\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: \(Self.record.utf8.count)\r\n\r\n" + Self.record)
            let answer10 = old.receive(seconds: 10).text
            #expect(answer10.hasPrefix("HTTP/1.1 200") && !answer10.contains("100 Continue"), "\(answer10)")
        }
    }

    @Test func headAnswersWhereGetDoesWithoutTheBody() async throws {
        try await ServingFixture.get().server("iris").application().test(.router) { client in
            let get = try await client.execute(uri: "/v2/health/live", method: .get)
            let head = try await client.execute(uri: "/v2/health/live", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == String(get.body.readableBytes))
            #expect(head.headers[.contentType] == "application/json")
            let post = try await client.execute(uri: "/predict", method: .head)
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.allow] == "POST")
        }
        // On the wire: a head without a body, and the connection still frames the next answer.
        try await Self.live(try Self.server()) { port in
            let connection = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try connection.send("HEAD /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let both = connection.receive(until: #"{"live":true}"#, seconds: 10).text
            #expect(both.components(separatedBy: "HTTP/1.1 200").count == 3, "\(both)")
            #expect(both.components(separatedBy: #"{"live":true}"#).count == 2, "\(both)")
        }
    }

    /// RFC 9112 §3.2: a 400 for an HTTP/1.1 request without Host, for two Host lines, and for a
    /// Host that is not host[:port]; the connection goes on serving.
    @Test func aMissingRepeatedOrMalformedHostIsRefused() async throws {
        try await Self.live(try Self.server()) { port in
            let connection = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            let refusals = [
                ("", "the request has no Host header, which HTTP/1.1 requires"),
                ("Host: a\r\nHost: b\r\n", "the request has 2 Host headers; HTTP allows one"),
                ("Host: exa mple\r\n", "the Host header 'exa mple' is not a host with an optional :port"),
                ("Host: example.com:80a\r\n", "the Host header 'example.com:80a' is not a host with an optional :port"),
            ]
            for (host, message) in refusals {
                try connection.send("GET /v2/health/live HTTP/1.1\r\n\(host)\r\n")
                let reply = connection.receive(until: "}", seconds: 10)
                #expect(reply.text.hasPrefix("HTTP/1.1 400"), "\(host)")
                #expect(reply.text.hasSuffix(#"{"error":"\#(message)"}"#), "\(host)")
            }
            let accepted = ["Host: 127.0.0.1\r\n", "Host: [::1]:8080\r\n", "Host: models.example.com:443\r\n", "Host:\r\n", "Host: a\r\nmlx-host-refused: x\r\n"]
            for host in accepted {
                try connection.send("GET /v2/health/live HTTP/1.1\r\n\(host)\r\n")
                #expect(connection.receive(until: "}", seconds: 10).text.hasSuffix(#"{"live":true}"#), "\(host)")
            }
            // HTTP/1.0 predates Host.
            let old = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try old.send("GET /v2/health/live HTTP/1.0\r\n\r\n")
            #expect(old.receive(seconds: 10).text.hasSuffix(#"{"live":true}"#))
        }
    }

    @Test func hostValuesAreHostsWithAnOptionalPort() {
        for valid in ["", "a", "localhost:8000", "127.0.0.1:8080", "[::1]", "[::1]:80", "[v1.fe80::a+en1]", "xn--bcher-kva.example", "a.b-c_d~e:"] {
            #expect(RequestHeadCheck.isHost(valid), "\(valid)")
        }
        for invalid in ["a b", "a:b", "a:1:2", "[::1", "[]", "[::1]x", "a/b", "user@host", "host?", "é.example", "a\tb"] {
            #expect(!RequestHeadCheck.isHost(invalid), "\(invalid)")
        }
    }

    /// RFC 9112 §6.1: a transfer coding the server does not understand gets 501, naming it, and the
    /// connection closes (the body cannot be read); §6.3: codings that do not end in chunked leave the
    /// body's length unknown, a 400; a broken chunked body gets a 400 that says what broke.
    @Test func transferCodingsOtherThanChunkedAndBrokenChunksAreNamed() async throws {
        try await Self.live(try Self.server()) { port in
            let chunked = String(Self.record.utf8.count, radix: 16) + "\r\n" + Self.record + "\r\n0\r\n\r\n"
            let head = "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            let refusals = [
                ("Transfer-Encoding: gzip, chunked\r\n", chunked, "501",
                 "the transfer coding gzip is not implemented: send the body as it is (with Content-Length) or only chunked, got Transfer-Encoding: gzip, chunked"),
                ("Transfer-Encoding: gzip\r\n", Self.record, "400",
                 "the body's length cannot be known: chunked must be the last transfer coding, got Transfer-Encoding: gzip"),
                ("Transfer-Encoding: br\r\nTransfer-Encoding: chunked\r\n", chunked, "501",
                 "the transfer coding br is not implemented: send the body as it is (with Content-Length) or only chunked, got Transfer-Encoding: br, chunked"),
                ("Transfer-Encoding: chunked\r\n", "5\r\nabc\r\n0\r\n\r\n", "400",
                 "cannot read the body: a chunk's data does not end where its size says (a CRLF must follow exactly that many bytes)"),
                ("Transfer-Encoding: chunked\r\n", "zz\r\nabc\r\n0\r\n\r\n", "400", "cannot read the body: a chunk size is not a hexadecimal number"),
            ]
            for (fields, body, status, message) in refusals {
                let connection = try LoopbackConnection(port: port, receiveTimeout: 0.1)
                try connection.send(head + fields + "\r\n" + body)
                let reply = connection.receive(seconds: 10)
                #expect(reply.text.hasPrefix("HTTP/1.1 \(status)"), "\(fields)\(reply.text)")
                #expect(reply.text.hasSuffix(#"{"error":"\#(message)"}"#), "\(fields)\(reply.text)")
                #expect(reply.text.lowercased().contains("connection: close") && reply.closed, "\(fields)")
            }
            // The parser refuses chunked before another coding itself, with a bare 400.
            let chunkedFirst = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try chunkedFirst.send(head + "Transfer-Encoding: chunked, gzip\r\n\r\n" + chunked)
            let refused = chunkedFirst.receive(seconds: 10)
            #expect(refused.text.hasPrefix("HTTP/1.1 400") && refused.closed, "\(refused.text)")
            let plain = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try plain.send(head + "Transfer-Encoding: chunked\r\n\r\n" + chunked)
            #expect(plain.receive(until: "}]", seconds: 10).text.hasPrefix("HTTP/1.1 200"))
        }
    }

    /// Any token is a method (RFC 9110 §9.1): one the server does not recognize gets a JSON 501,
    /// counted in the metrics, after the answers owed to requests before it.
    @Test func anUnrecognizedMethodGets501() async throws {
        try await Self.live(try Self.server()) { port in
            let message = #"{"error":"the request's method is not one this server implements: it answers GET, HEAD and POST (methods are case-sensitive)"}"#
            for method in ["BREW", "get"] {
                let connection = try LoopbackConnection(port: port, receiveTimeout: 0.1)
                try connection.send("\(method) /v2 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let reply = connection.receive(seconds: 10)
                #expect(reply.text.hasPrefix("HTTP/1.1 501"), "\(method): \(reply.text)")
                #expect(reply.text.hasSuffix(message), "\(method): \(reply.text)")
                #expect(reply.closed)
            }
            let pipelined = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try pipelined.send("GET /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nBREW /v2 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let both = pipelined.receive(seconds: 10).text
            #expect(both.hasPrefix("HTTP/1.1 200") && both.contains(#"{"live":true}HTTP/1.1 501"#) && both.hasSuffix(message), "\(both)")
            // A method the parser knows is refused by the route, and a client cannot forge the mark.
            let connection = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try connection.send("PROPFIND /v2 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(connection.receive(until: "}", seconds: 10).text.hasSuffix(#"{"error":"/v2 takes GET, HEAD, not PROPFIND"}"#))
            try connection.send("GET /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nmlx-method-unrecognized: 1\r\n\r\n")
            #expect(connection.receive(until: "}", seconds: 10).text.hasSuffix(#"{"live":true}"#))
            try connection.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let metrics = connection.receive(until: "mlx_model_info{", seconds: 10).text
            #expect(metrics.contains(#"mlx_http_requests_total{endpoint="unmatched",method="unrecognized",code="501"} 3"#), "\(metrics)")
        }
    }

    /// A CONNECT asks for a tunnel, and the parser reads what follows it as the tunnel's bytes. The
    /// server opens none: it answers with a JSON 501 that carries its body and length (NIO would send
    /// a response to CONNECT without either), after the answers owed to requests before it, and closes
    /// the connection instead of waiting for a request that will never be read.
    @Test func aConnectGets501AndTheConnectionCloses() async throws {
        try await Self.live(try Self.server()) { port in
            let message = #"{"error":"CONNECT is not implemented: this server opens no tunnels (it is not a proxy); it answers GET, HEAD and POST"}"#
            let live = "GET /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            for target in ["/predict", "127.0.0.1:443"] {
                let connection = try LoopbackConnection(port: port, receiveTimeout: 0.1)
                try connection.send("CONNECT \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + live)
                let reply = connection.receive(seconds: 10)
                #expect(reply.text.hasPrefix("HTTP/1.1 501"), "\(target): \(reply.text)")
                #expect(reply.text.contains("Content-Length: \(message.utf8.count)\r\n"), "\(target): \(reply.text)")
                #expect(reply.text.hasSuffix(message), "\(target): \(reply.text)")
                #expect(reply.closed, "\(target)")
            }
            let pipelined = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try pipelined.send(live + "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let both = pipelined.receive(seconds: 10)
            #expect(both.text.hasPrefix("HTTP/1.1 200") && both.text.contains(#"{"live":true}HTTP/1.1 501"#), "\(both.text)")
            #expect(both.text.hasSuffix(message), "\(both.text)")
            #expect(both.closed)
        }
    }

    /// With two connections allowed, three refused requests in a row leave none open on the server.
    @Test func refusedHeadersCloseTheConnectionFully() async throws {
        try await Self.live(try Self.server(connections: 2)) { port in
            for _ in 0..<3 {
                let connection = try LoopbackConnection(port: port, receiveTimeout: 0.1)
                try? connection.send("GET /v2 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: \(String(repeating: "a", count: 100_000))\r\n\r\n")
                let refused = connection.receive(seconds: 10)
                #expect(refused.text.hasPrefix("HTTP/1.1 400"))
                #expect(refused.closed)
            }
            let next = try LoopbackConnection(port: port, receiveTimeout: 0.1)
            try next.send("GET /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(next.receive(until: #"{"live":true}"#, seconds: 10).text.hasSuffix(#"{"live":true}"#))
        }
    }

    // MARK: ConnectionGuard alone

    static func guarded() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: ConnectionGuard(requestTimeout: .seconds(60), writeTimeout: .seconds(30), maximumBodyBytes: 4096))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8000)).wait()
        return channel
    }

    static func head(_ fields: HTTPFields = [:]) -> HTTPRequestPart {
        .head(HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: "/predict", headerFields: fields))
    }

    @Test func aResponseTheClientDoesNotReadIsDroppedAtTheWriteTimeout() throws {
        let channel = try Self.guarded()
        try channel.writeInbound(Self.head())
        try channel.writeInbound(HTTPRequestPart.end(nil))
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        // The body and end stay queued behind a full socket: they never reach the guard.
        Self.expectOpenUntil(channel, seconds: 30)
    }

    @Test func aDeliveredResponseStopsTheWriteTimeout() throws {
        let channel = try Self.guarded()
        try channel.writeInbound(Self.head())
        try channel.writeInbound(HTTPRequestPart.end(nil))
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(120))
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    /// Graceful shutdown closes a connection once its last response is written, not yet delivered:
    /// the close waits for the bytes still queued, so the response arrives whole.
    @Test func aCloseWaitsForTheResponseBeingDelivered() throws {
        let channel = try Self.guarded()
        try channel.writeInbound(Self.head())
        try channel.writeInbound(HTTPRequestPart.end(nil))
        // Written but not flushed: queued behind a socket the client has not drained yet.
        channel.write(HTTPResponsePart.head(HTTPResponse(status: .ok)), promise: nil)
        channel.write(HTTPResponsePart.body(ByteBuffer(string: "{}")), promise: nil)
        channel.write(HTTPResponsePart.end(nil), promise: nil)
        let closed = channel.close()
        #expect(channel.isActive)
        channel.flush()
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .head(HTTPResponse(status: .ok)))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .body(ByteBuffer(string: "{}")))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .end(nil))
        try closed.wait()
        #expect(!channel.isActive)
    }

    @Test func aCloseWaitingOnAResponseTheClientDoesNotReadEndsAtTheWriteTimeout() throws {
        let channel = try Self.guarded()
        try channel.writeInbound(Self.head())
        try channel.writeInbound(HTTPRequestPart.end(nil))
        channel.write(HTTPResponsePart.head(HTTPResponse(status: .ok)), promise: nil)
        channel.write(HTTPResponsePart.end(nil), promise: nil)
        channel.close(promise: nil)
        Self.expectOpenUntil(channel, seconds: 30)
    }

    @Test func aBodyThatDoesNotArriveIsDroppedAtTheRequestTimeout() throws {
        let channel = try Self.guarded()
        try channel.writeInbound(Self.head([.contentLength: "10"]))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "[")))
        Self.expectOpenUntil(channel, seconds: 60)
    }

    /// The channel stays open a second short of `seconds` and is closed a second past it.
    static func expectOpenUntil(_ channel: EmbeddedChannel, seconds: Int64, sourceLocation: SourceLocation = #_sourceLocation) {
        channel.embeddedEventLoop.advanceTime(by: .seconds(seconds - 1))
        #expect(channel.isActive, sourceLocation: sourceLocation)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive, sourceLocation: sourceLocation)
    }

    @Test func expectContinueGetsOneContinue() throws {
        let channel = try Self.guarded()
        try channel.writeInbound(Self.head([.expect: "100-continue", .contentLength: "10"]))
        guard case .head(let response) = try channel.readOutbound(as: HTTPResponsePart.self) else {
            Issue.record("no 100 Continue")
            return
        }
        #expect(response.status == .continue)
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
        _ = try? channel.finish()
    }
}
