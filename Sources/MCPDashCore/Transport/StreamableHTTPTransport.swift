import AsyncHTTPClient
import Foundation
import Logging
import MCP
import NIOCore
import NIOHTTP1

/// The Streamable HTTP transport of MCP, on AsyncHTTPClient, for the SDK's `Client`.
///
/// Each message is POSTed to the endpoint; the answer is JSON or an SSE stream whose events
/// carry the messages. `Mcp-Session-Id` is kept and sent back, `MCP-Protocol-Version` is sent
/// once initialize has negotiated it, and the session is DELETEd on disconnect. Credentials
/// are added per request and only to the server's own origin.
public actor StreamableHTTPTransport: Transport {
    public nonisolated let logger: Logger
    /// The server.
    public let server: ServerConfig
    /// The MCP endpoint.
    public let endpoint: URL
    private let credentials: RequestCredentials
    private let timeout: TimeAmount
    private let messages: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private var sessionID: String?
    private var protocolVersion: String?
    /// The last HTTP exchange, for latency and triage.
    public private(set) var lastExchange: HTTPExchange?

    /// Creates a transport for `server`, whose endpoint must be an http(s) URL.
    public init(server: ServerConfig, credentials: RequestCredentials, logger: Logger = .transport("mcpdash.http")) throws {
        guard let text = server.transport.endpoint?.url, let url = URL(string: text), url.host != nil else {
            throw MCPTransportError(.protocolViolation, server: server.name, url: server.transport.endpoint?.url ?? "",
                                    message: "the URL cannot be parsed")
        }
        self.server = server
        self.endpoint = url
        self.credentials = credentials
        self.logger = logger
        self.timeout = .milliseconds(Int64((server.timeoutSeconds ?? 30) * 1000))
        (messages, continuation) = AsyncThrowingStream.makeStream()
    }

    public func connect() async throws {
        if credentials.sendsCredentials, let refusal = OriginPolicy.refusal(sending: endpoint, for: endpoint) {
            throw MCPTransportError(.refused, server: server.name, url: endpoint.absoluteString, message: refusal)
        }
    }

    public func disconnect() async {
        if let sessionID {
            var request = HTTPClientRequest(url: endpoint.absoluteString)
            request.method = .DELETE
            request.headers.add(name: "Mcp-Session-Id", value: sessionID)
            if let protocolVersion { request.headers.add(name: "MCP-Protocol-Version", value: protocolVersion) }
            if let headers = try? await credentials.headers(body: Data()) {
                for (name, value) in headers { request.headers.add(name: name, value: value) }
            }
            _ = try? await HTTPClientProvider.shared.execute(request, timeout: .seconds(5))
            self.sessionID = nil
        }
        continuation.finish()
    }

    public func send(_ data: Data) async throws {
        let started = ContinuousClock.now
        let response = try await post(data)
        let contentType = response.headers.first(name: "content-type")?.lowercased() ?? ""
        if let session = response.headers.first(name: "mcp-session-id") { sessionID = session }
        lastExchange = HTTPExchange(status: Int(response.status.code), latency: ContinuousClock.now - started,
                                    serverDate: response.headers.first(name: "date"))
        switch response.status.code {
        case 202, 204:
            return
        case 200..<300:
            if contentType.hasPrefix("text/event-stream") {
                var parser = SSEEventParser()
                for try await chunk in response.body {
                    for event in parser.feed(chunk.readableBytesView) where event.type == "message" {
                        deliver(Data(event.data.utf8))
                    }
                }
                if let event = parser.finish(), event.type == "message" { deliver(Data(event.data.utf8)) }
            } else if contentType.hasPrefix("application/json") {
                let body = try await response.body.collect(upTo: 16 << 20)
                deliver(Data(body.readableBytesView))
            } else {
                throw failure(.protocolViolation, response, "expected JSON or an SSE stream, got content type \"\(contentType)\"")
            }
        default:
            let body = try? await response.body.collect(upTo: 64 << 10)
            let snippet = body.map { String(buffer: $0) }.map { $0.count > 200 ? String($0.prefix(200)) + "…" : $0 } ?? ""
            let status = Int(response.status.code)
            throw failure(.httpStatus(status), response, "\(response.status.reasonPhrase)" + (snippet.isEmpty ? "" : ": \(snippet)"))
        }
    }

    public func receive() -> AsyncThrowingStream<Data, any Error> { messages }

    // MARK: - Requests

    /// POSTs `data`, following same-method redirects and dropping credentials off-origin.
    private func post(_ data: Data) async throws -> HTTPClientResponse {
        var url = endpoint
        for _ in 0..<4 {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Accept", value: "application/json, text/event-stream")
            if let sessionID { request.headers.add(name: "Mcp-Session-Id", value: sessionID) }
            if let protocolVersion { request.headers.add(name: "MCP-Protocol-Version", value: protocolVersion) }
            if OriginPolicy.refusal(sending: url, for: endpoint) == nil {
                for (name, value) in try await credentials.headers(body: data) { request.headers.add(name: name, value: value) }
            } else if url != endpoint {
                logger.debug("redirected off the server's origin; sending no credentials", metadata: ["to": "\(url.absoluteString)"])
            }
            request.body = .bytes(ByteBuffer(bytes: data))
            let response: HTTPClientResponse
            do {
                response = try await HTTPClientProvider.shared.execute(request, timeout: timeout)
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
                throw MCPTransportError(.timeout, server: server.name, url: url.absoluteString, message: "no answer within \(timeout.nanoseconds / 1_000_000_000) s")
            } catch {
                throw MCPTransportError(.unreachable, server: server.name, url: url.absoluteString, message: Self.describeConnectionFailure(error))
            }
            guard [307, 308].contains(response.status.code), let location = response.headers.first(name: "location"),
                  let next = URL(string: location, relativeTo: url)?.absoluteURL else {
                return response
            }
            url = next
        }
        throw MCPTransportError(.protocolViolation, server: server.name, url: url.absoluteString, message: "too many redirects")
    }

    /// A short reason for a failed connection ("connection refused") instead of NIO's nested description.
    static func describeConnectionFailure(_ error: any Error) -> String {
        let text = "\(error)"
        let known = ["Connection refused", "Connection reset", "No route to host", "Network is unreachable",
                     "Name or service not known", "certificate", "handshake"]
        if let reason = known.first(where: { text.localizedCaseInsensitiveContains($0) }) {
            return reason.prefix(1).lowercased() + reason.dropFirst()
        }
        if let error = error as? HTTPClientError, error == .remoteConnectionClosed { return "the server closed the connection" }
        return "cannot connect: \(text)"
    }

    private func deliver(_ message: Data) {
        if protocolVersion == nil, let version = Self.negotiatedVersion(in: message) { protocolVersion = version }
        continuation.yield(message)
    }

    /// The protocol version of an initialize result, when `message` is one.
    private static func negotiatedVersion(in message: Data) -> String? {
        guard case .object(let object)? = try? JSONDecoder().decode(Value.self, from: message),
              case .object(let result)? = object["result"], result["serverInfo"] != nil,
              case .string(let version)? = result["protocolVersion"] else { return nil }
        return version
    }

    private func failure(_ kind: MCPTransportError.Kind, _ response: HTTPClientResponse, _ message: String) -> MCPTransportError {
        MCPTransportError(kind, server: server.name, url: endpoint.absoluteString,
                          challenges: response.headers["www-authenticate"], serverDate: response.headers.first(name: "date"),
                          message: message)
    }
}
