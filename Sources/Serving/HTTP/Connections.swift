import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Hummingbird's HTTP/1 channel (its idle timeout included) with what it leaves out for a
/// server facing untrusted clients: HTTP/1.0 connections closed unless kept alive, responses to
/// `CONNECT` that keep their body, and `ConnectionGuard` (request and write timeouts,
/// `100 Continue`, a full close after a half-close).
struct ServingChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel

    /// The server builder `Application` takes.
    static func builder(_ configuration: ServerConfiguration) -> HTTPServerBuilder {
        let requestTimeout = TimeAmount(configuration.requestTimeout), writeTimeout = TimeAmount(configuration.writeTimeout)
        let maximumBodyBytes = configuration.maximumBodyBytes
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [
                ConnectionGuard(requestTimeout: requestTimeout, writeTimeout: writeTimeout, maximumBodyBytes: maximumBodyBytes)
            ],
            idleTimeout: TimeAmount(configuration.idleTimeout))
        return HTTPServerBuilder { responder in ServingChannel(http1: HTTP1Channel(responder: responder, configuration: http1)) }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            // Hummingbird's HTTP/1 types drop the version, so the decision is made on NIO's request head.
            let operations = channel.pipeline.syncOperations
            let decoder = try unpairDecoder(operations)
            try operations.addHandler(CloseUnlessKeptAlive(), position: .after(decoder))
            try operations.addHandler(RequestHeadCheck(), position: .after(decoder))
            try operations.addHandler(UnrecognizedMethod(), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }

    /// Puts a request decoder with the same limits in the place of the one NIO pairs with the response
    /// encoder. Paired, the encoder drops the body and Content-Length of every response to a `CONNECT`
    /// (and to a `HEAD`), whatever its status, so the 501 refusing a `CONNECT` would reach the client
    /// as a bare head and leave it waiting for a body. The responder already answers `HEAD` without one.
    private func unpairDecoder(_ operations: ChannelPipeline.SynchronousOperations) throws -> ByteToMessageHandler<HTTPRequestDecoder> {
        let paired = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
        let configured = http1.configuration.httpDecoder
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = configured.maxHeaderFieldSize
        limits.maxHeaderListSize = configured.maxHeaderListSize
        limits.maxHeaderFieldCount = configured.maxHeaderFieldCount
        let decoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: limits))
        try operations.addHandler(decoder, position: .after(paired))
        operations.removeHandler(paired, promise: nil)
        return decoder
    }
}

/// Marks every request that does not keep its connection alive (HTTP/1.0 without
/// `Connection: keep-alive`, any `Connection: close` token, a `CONNECT`) with exactly
/// `Connection: close`, the one form Hummingbird checks before closing after the response; drops
/// `Expect` from HTTP/1.0 requests, which must not get `100 Continue`.
final class CloseUnlessKeptAlive: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else { return context.fireChannelRead(data) }
        // An HTTP/1.0 client does not wait for 100 Continue (RFC 9110 §10.1.1).
        if head.version == .http1_0 { head.headers.remove(name: "expect") }
        // The parser takes what follows a CONNECT for the bytes of a tunnel and reads no further
        // request: left open, the connection would wait for one until the idle timeout.
        if !head.isKeepAlive || head.method == .CONNECT { head.headers.replaceOrAdd(name: "connection", value: "close") }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}

@available(*, unavailable)
extension CloseUnlessKeptAlive: Sendable {}

/// Marks a request whose head the server must refuse, for the responder to answer with a response
/// that says why: a response from this handler could overtake one still owed to an earlier
/// pipelined request. A client's own fields of these names are dropped.
/// - `headRefusalField`, answered with a 400 that gives the field's value: its `Host` breaks RFC 9112
///   §3.2 (missing from HTTP/1.1, given twice, not a host and optional port), or its
///   `Transfer-Encoding` does not end in chunked (RFC 9112 §6.3: the body's length cannot be known).
/// - `transferCodingRefusalField`: its `Transfer-Encoding` ends in chunked but names another coding
///   too (the codings, for a 501: RFC 9112 §6.1, a coding the server does not understand).
///
/// A request refused for its transfer coding closes its connection after the answer: its body
/// cannot be read, so neither can what follows.
final class RequestHeadCheck: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    static let headRefusalField = "mlx-head-refused"
    static let transferCodingRefusalField = "mlx-transfer-coding-refused"

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else { return context.fireChannelRead(data) }
        head.headers.remove(name: Self.headRefusalField)
        head.headers.remove(name: Self.transferCodingRefusalField)
        if let refusal = Self.hostRefusal(head.headers["host"], version: head.version) { head.headers.add(name: Self.headRefusalField, value: refusal) }
        let codings = head.headers["transfer-encoding"]
        if let refusal = Self.finalCodingRefusal(codings) {
            head.headers.add(name: Self.headRefusalField, value: refusal)
            head.headers.replaceOrAdd(name: "connection", value: "close")
        } else if case let unknown = Self.unknownCodings(codings), !unknown.isEmpty {
            head.headers.add(name: Self.transferCodingRefusalField, value: unknown.joined(separator: ", "))
            head.headers.replaceOrAdd(name: "connection", value: "close")
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// Why the `Host` values `hosts` are refused in a request of `version`; nil if they are not.
    static func hostRefusal(_ hosts: [String], version: HTTPVersion) -> String? {
        switch hosts.count {
        case 0: return version == .http1_0 ? nil : "the request has no Host header, which HTTP/1.1 requires"
        case 1: return isHost(hosts[0]) ? nil : "the Host header '\(hosts[0])' is not a host with an optional :port"
        default: return "the request has \(hosts.count) Host headers; HTTP allows one"
        }
    }

    /// Whether `value` is `host[:port]` as RFC 3986 writes a host (a name, IPv4 address or
    /// bracketed IP literal), or empty.
    static func isHost(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        var end = 0
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 1,
                bytes[1..<close].allSatisfy({ isNameByte($0) || $0 == UInt8(ascii: ":") })
            else { return false }
            end = close + 1
        } else {
            while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
        }
        guard end < bytes.count else { return true }
        return bytes[end] == UInt8(ascii: ":") && bytes[(end + 1)...].allSatisfy { (0x30...0x39).contains($0) }
    }

    /// A byte of a registered name: a letter, digit, `-._~`, a sub-delimiter or `%` of an escape.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        // - . _ ~ ! $ & ' ( ) * + , ; = %
        case 0x2D, 0x2E, 0x5F, 0x7E, 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D, 0x25: return true
        default: return false
        }
    }

    /// The codings other than chunked that `values` (Transfer-Encoding fields) list, as sent.
    static func unknownCodings(_ values: [String]) -> [String] {
        codings(values).filter { $0.lowercased() != "chunked" }
    }

    /// Why a request whose Transfer-Encoding fields are `values` has a body of no knowable
    /// length: its last coding is not chunked. Nil without codings or with chunked last.
    static func finalCodingRefusal(_ values: [String]) -> String? {
        guard let last = codings(values).last, last.lowercased() != "chunked" else { return nil }
        return "the body's length cannot be known: chunked must be the last transfer coding, got Transfer-Encoding: \(values.joined(separator: ", "))"
    }

    /// The codings that `values` (Transfer-Encoding fields) list, in order, as sent.
    private static func codings(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

@available(*, unavailable)
extension RequestHeadCheck: Sendable {}

/// Turns the parser's refusal of a method it does not know (`BREW`, a lowercase `get`: llhttp knows a
/// fixed list) into a request marked with `markField`, which the responder answers with a 501 that
/// says why, counted in the metrics, instead of Hummingbird's bare 400. Any token is a method (RFC 9110
/// §9.1), so the request is well formed; the parser stops there, so the connection closes after.
/// A client's own field of that name is dropped.
final class UnrecognizedMethod: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    static let markField = "mlx-method-unrecognized"
    /// The method of the marked request, and its label in the metrics: no client can send it, since
    /// the parser refuses lowercase methods.
    static let placeholder = "unrecognized"

    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else { return context.fireChannelRead(data) }
        head.headers.remove(name: Self.markField)
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Only the first: later input meets the parser in its error state, a different error.
        guard error as? HTTPParserError == .invalidMethod, !answered else { return context.fireErrorCaught(error) }
        answered = true
        let headers = HTTPHeaders([(Self.markField, "1"), ("connection", "close")])
        context.fireChannelRead(wrapInboundOut(.head(HTTPRequestHead(version: .http1_1, method: .RAW(value: Self.placeholder), uri: "/", headers: headers))))
        context.fireChannelRead(wrapInboundOut(.end(nil)))
        context.fireChannelReadComplete()
    }
}

@available(*, unavailable)
extension UnrecognizedMethod: Sendable {}

/// Bounds what one connection can hold, on top of Hummingbird's idle timeout (which closes a
/// connection sending nothing, or only part of a request's headers):
/// - a request whose body has not all arrived `requestTimeout` after its headers closes the connection;
/// - a response not delivered `writeTimeout` after it starts (a client not reading) closes the connection;
/// - `Expect: 100-continue` is answered with `100 Continue` unless the declared body is over the limit;
/// - after the server half-closes (after `Connection: close` or a malformed request), input is read
///   and dropped for a moment, then the connection is closed, so no descriptor waits on the client;
/// - a close asked for while a response is still being delivered (graceful shutdown closes a connection
///   as soon as its last response is written) waits for the delivery, within the write timeout.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a half-closed connection drains input before it is closed: long enough for the
    /// client to read the response and close, so the close does not reset a response in flight.
    static let linger = TimeAmount.seconds(2)

    let requestTimeout: TimeAmount
    let writeTimeout: TimeAmount
    let maximumBodyBytes: Int

    /// Requests read and not yet answered, oldest first.
    /// `holdsBody`: it asked `Expect: 100-continue` and neither a `100 Continue` nor any of its body went by.
    private var unanswered: [(closes: Bool, owesContinue: Bool, holdsBody: Bool)] = []
    /// The response being written answers a request whose body the client held back
    /// (`Expect: 100-continue`, no `100 Continue` sent): the connection closes after it.
    private var closeAfterResponse = false
    /// Completes when the last response written is in the kernel's buffer; nil once it is.
    private var delivery: EventLoopFuture<Void>?
    private var requestDeadline: Scheduled<Void>?
    private var writeDeadline: Scheduled<Void>?
    private var lingerDeadline: Scheduled<Void>?

    init(requestTimeout: TimeAmount, writeTimeout: TimeAmount, maximumBodyBytes: Int) {
        self.requestTimeout = requestTimeout
        self.writeTimeout = writeTimeout
        self.maximumBodyBytes = maximumBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if lingerDeadline != nil { return }
        switch unwrapInboundIn(data) {
        case .head(let request):
            requestDeadline?.cancel()
            requestDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: requestTimeout) { context.close(promise: nil) }
            let expects = request.headerFields[.expect]?.lowercased() == "100-continue"
            unanswered.append(
                (closes: request.headerFields[.connection] == "close", owesContinue: Self.expectsContinue(request, maximumBodyBytes), holdsBody: expects))
            if unanswered.count == 1 { sendContinueIfOwed(context) }
        case .body:
            if !unanswered.isEmpty { (unanswered[unanswered.count - 1].owesContinue, unanswered[unanswered.count - 1].holdsBody) = (false, false) }
        case .end:
            requestDeadline?.cancel()
            requestDeadline = nil
            if !unanswered.isEmpty { (unanswered[unanswered.count - 1].owesContinue, unanswered[unanswered.count - 1].holdsBody) = (false, false) }
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Draining: Hummingbird no longer reads, so ask for more until EOF or the linger ends.
        if lingerDeadline != nil { context.read() }
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if lingerDeadline != nil { return }  // the decoder rejecting drained input
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response) where response.status.kind != .informational:
            if writeDeadline == nil {
                writeDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: writeTimeout) { context.close(promise: nil) }
            }
            if let first = unanswered.first {
                unanswered[0].owesContinue = false
                // An answer (a 413, say) while the client still holds its body back: it may never send it.
                closeAfterResponse = first.holdsBody
                if first.closes || first.holdsBody { response.headerFields[.connection] = "close" }
            }
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .end:
            // The end's write completes once everything before it is in the kernel's buffer.
            let delivered = context.eventLoop.makePromise(of: Void.self)
            delivered.futureResult.cascade(to: promise)
            let deadline = writeDeadline
            writeDeadline = nil
            delivery = delivered.futureResult
            delivered.futureResult.assumeIsolated().whenComplete { _ in
                deadline?.cancel()
                if self.delivery == delivered.futureResult { self.delivery = nil }
            }
            context.write(data, promise: delivered)
            if closeAfterResponse {
                closeAfterResponse = false
                delivered.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            }
            if !unanswered.isEmpty { unanswered.removeFirst() }
            sendContinueIfOwed(context)
        default:
            context.write(data, promise: promise)
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode == .all, let delivery {
            // A full close drops the bytes not yet in the kernel's buffer: the client would get a
            // response cut short. The write deadline's own close does not pass here, so a client
            // that does not read still holds the connection only until the write timeout.
            delivery.assumeIsolated().whenComplete { _ in context.close(mode: .all, promise: promise) }
            return
        }
        guard mode == .output else { return context.close(mode: mode, promise: promise) }
        // Hummingbird half-closes and then waits for the client to close, reading nothing after a
        // malformed request: drain briefly once the response is sent, then close fully.
        let halfClosed = context.eventLoop.makePromise(of: Void.self)
        halfClosed.futureResult.cascade(to: promise)
        halfClosed.futureResult.assumeIsolated().whenSuccess {
            guard context.channel.isActive, self.lingerDeadline == nil else { return }
            self.requestDeadline?.cancel()
            self.lingerDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: Self.linger) { context.close(promise: nil) }
            context.read()
        }
        context.close(mode: .output, promise: halfClosed)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadlines()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadlines()
    }

    private func cancelDeadlines() {
        for deadline in [requestDeadline, writeDeadline, lingerDeadline] { deadline?.cancel() }
        requestDeadline = nil
        writeDeadline = nil
    }

    /// `100 Continue` for the oldest unanswered request, if it asked and nothing of its body or answer went by yet.
    private func sendContinueIfOwed(_ context: ChannelHandlerContext) {
        guard unanswered.first?.owesContinue == true else { return }
        (unanswered[0].owesContinue, unanswered[0].holdsBody) = (false, false)
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
    }

    /// `Expect: 100-continue` on a request with a body the server will read; a declared body over
    /// the limit gets its 413 without one, and the client need not send it.
    static func expectsContinue(_ request: HTTPRequest, _ maximumBodyBytes: Int) -> Bool {
        guard let expect = request.headerFields[.expect], expect.lowercased() == "100-continue" else { return false }
        guard let length = request.headerFields[.contentLength].flatMap({ Int($0) }) else { return true }
        return length > 0 && length <= maximumBodyBytes
    }
}

@available(*, unavailable)
extension ConnectionGuard: Sendable {}
