import AsyncHTTPClient
import Foundation
import MCP
import NIOCore
import NIOHTTP1

/// The HTTP exchanges of OAuth: metadata GETs, form and JSON POSTs, each answer read as JSON.
///
/// Authorization-server endpoints must be https, or plain http on loopback (MCP spec; RFC 8252
/// for the loopback exception). Bodies are capped and never logged.
public enum OAuthHTTP {
    /// A response: its status, its body as a JSON object when it is one, and its headers.
    public struct Response: Sendable {
        /// The HTTP status.
        public let status: Int
        /// The body when it is a JSON object.
        public let object: [String: Value]?
        /// The response headers.
        public let headers: HTTPHeaders

        /// The OAuth `error` code of an error response.
        public var errorCode: String? { object?["error"]?.stringValue }
        /// The OAuth `error_description`.
        public var errorDescription: String? { object?["error_description"]?.stringValue }
    }

    /// The request timeout.
    public static let timeout: TimeAmount = .seconds(20)

    /// A response body as a JSON object; nil when it is anything else, or not plain JSON
    /// (`JSONReader.strict`: a key given twice is refused).
    public static func jsonObject(_ body: Data) -> [String: Value]? {
        (try? JSONReader.strict(Array(body)))?.objectValue
    }

    /// Why `url` must not be used as an authorization-server endpoint; nil when it may.
    public static func insecurity(of url: String) -> String? {
        OriginPolicy.outboundRefusal(url).map { "authorization-server endpoint refused: \($0)" }
    }

    /// GETs `url`, optionally with a bearer token.
    public static func get(_ url: String, bearer: String? = nil, server: String) async throws(OAuthError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        return try await send(request, server: server)
    }

    /// POSTs `fields` as `application/x-www-form-urlencoded`.
    public static func postForm(_ url: String, fields: [(String, String)], headers: [(String, String)] = [],
                                server: String) async throws(OAuthError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: formEncode(fields)))
        return try await send(request, server: server)
    }

    /// POSTs `object` as JSON.
    public static func postJSON(_ url: String, object: [String: Value], headers: [(String, String)] = [],
                                server: String) async throws(OAuthError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let body = (try? JSONEncoder().encode(Value.object(object))) ?? Data("{}".utf8)
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await send(request, server: server)
    }

    /// `application/x-www-form-urlencoded` encoding of `fields` (HTML's rules: space as `+`).
    public static func formEncode(_ fields: [(String, String)]) -> String {
        fields.map { "\(formEscape($0.0))=\(formEscape($0.1))" }.joined(separator: "&")
    }

    /// A query string for `fields`, percent-encoded.
    public static func query(_ fields: [(String, String)]) -> String {
        fields.map { "\(queryEscape($0.0))=\(queryEscape($0.1))" }.joined(separator: "&")
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func queryEscape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// One value escaped for a form body (and for HTTP Basic client credentials, RFC 6749 §2.3.1).
    public static func formEscape(_ text: String) -> String {
        queryEscape(text)
    }

    private static func send(_ request: HTTPClientRequest, server: String) async throws(OAuthError) -> Response {
        if let problem = insecurity(of: request.url) {
            throw OAuthError(.insecureEndpoint, server: server, message: problem)
        }
        do {
            let response = try await HTTPClientProvider.client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 1 << 20)
            return Response(status: Int(response.status.code), object: jsonObject(Data(body.readableBytesView)), headers: response.headers)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw OAuthError(.timeout, server: server, message: "\(request.url) did not answer within \(timeout.nanoseconds / 1_000_000_000) s")
        } catch let error as HTTPParserError {
            throw OAuthError(.malformedResponse, server: server, message: "\(request.url) answered with invalid HTTP (\(error))")
        } catch {
            throw OAuthError(.unreachable, server: server, message: "cannot reach \(request.url): \(ConnectionFailure.describe(error))")
        }
    }
}
