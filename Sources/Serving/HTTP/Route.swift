import Foundation
import Hummingbird

/// Every path the server answers, matched from the request's path segments.
///
/// One table of routes, rather than a router per method, is what lets a known
/// path with the wrong method get 405 with an `Allow` header (a trie router
/// answers 404 for both), and gives metrics a bounded set of endpoint labels.
enum Route: Equatable {
    /// `GET /v2`
    case serverMetadata
    /// `GET /v2/health/live`
    case live
    /// `GET /v2/health/ready`
    case ready
    /// `GET /v2/models/{name}[/versions/{version}]`
    case modelMetadata(ModelReference)
    /// `GET /v2/models/{name}[/versions/{version}]/ready`
    case modelReady(ModelReference)
    /// `POST /v2/models/{name}[/versions/{version}]/infer`
    case infer(ModelReference)
    /// `POST /predict`
    case predict
    /// `GET /metrics`
    case metrics
    /// A path with a `%` that is not followed by two hex digits, or whose escapes are not UTF-8.
    case malformed
    /// Anything else.
    case unknown

    /// A model named in a URL, with the version if the URL has one.
    struct ModelReference: Equatable {
        let name: String
        let version: String?
    }

    /// The route of `path` as the request line has it: split at `/` first, then
    /// each segment's escapes decoded (RFC 3986 §2.1), so that `/v2/models/iri%73`
    /// names `iris` and `%2F` stays inside its segment. Empty segments count (RFC 3986 §3.3):
    /// `/v2//health/live` and `/v2/` are other paths than `/v2/health/live` and `/v2`.
    init(path: String) {
        guard path.hasPrefix("/") else {
            self = .unknown
            return
        }
        var segments = [String]()
        for raw in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let segment = Self.percentDecoded(raw) else {
                self = .malformed
                return
            }
            segments.append(segment)
        }
        switch segments.first {
        case "v2": self = Self.v2(Array(segments.dropFirst()))
        case "predict" where segments.count == 1: self = .predict
        case "metrics" where segments.count == 1: self = .metrics
        default: self = .unknown
        }
    }

    private static func v2(_ segments: [String]) -> Route {
        switch segments.count {
        case 0: return .serverMetadata
        case 2 where segments[0] == "health" && segments[1] == "live": return .live
        case 2 where segments[0] == "health" && segments[1] == "ready": return .ready
        default: break
        }
        guard segments.count >= 2, segments[0] == "models", !segments[1].isEmpty else { return .unknown }
        var rest = Array(segments.dropFirst(2))
        var version: String?
        if rest.count >= 2, rest[0] == "versions", !rest[1].isEmpty {
            version = rest[1]
            rest.removeFirst(2)
        }
        let reference = ModelReference(name: segments[1], version: version)
        switch rest {
        case []: return .modelMetadata(reference)
        case ["ready"]: return .modelReady(reference)
        case ["infer"]: return .infer(reference)
        default: return .unknown
        }
    }

    /// `segment` with each `%XX` replaced by its byte; nil when an escape is
    /// cut short or not hex, or the bytes are not UTF-8 (as Foundation decodes).
    static func percentDecoded(_ segment: Substring) -> String? {
        segment.utf8.contains(UInt8(ascii: "%")) ? String(segment).removingPercentEncoding : String(segment)
    }

    /// The method the route answers.
    var method: HTTPRequest.Method? {
        switch self {
        case .infer, .predict: return .post
        case .unknown, .malformed: return nil
        default: return .get
        }
    }

    /// The route's template, as the metrics label it.
    var template: String {
        switch self {
        case .serverMetadata: return "/v2"
        case .live: return "/v2/health/live"
        case .ready: return "/v2/health/ready"
        case .modelMetadata(let reference): return reference.template
        case .modelReady(let reference): return reference.template + "/ready"
        case .infer(let reference): return reference.template + "/infer"
        case .predict: return "/predict"
        case .metrics: return "/metrics"
        case .unknown, .malformed: return "unmatched"
        }
    }
}

extension Route.ModelReference {
    var template: String { "/v2/models/{name}" + (version == nil ? "" : "/versions/{version}") }
}
