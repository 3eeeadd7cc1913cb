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
/// are added per request and only to the server's own origin. When asked, the optional GET
/// stream for server-initiated messages is opened once the session is initialized (a server
/// that answers 405 simply has none).
public actor StreamableHTTPTransport: Transport {
    public nonisolated let logger: Logger
    /// The server.
    public let server: ServerConfig
    /// The MCP endpoint.
    public let endpoint: URL
    private let credentials: RequestCredentials
    private let requester: CredentialedRequester
    private let timeout: TimeAmount
    private let messages: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private var sessionID: String?
    private var protocolVersion: String?
    /// Whether to open the GET stream for server-initiated messages.
    private let listensForServerMessages: Bool
    private var serverStream: Task<Void, Never>?

    /// Creates a transport for `server`, whose endpoint must be an http(s) URL.
    public init(server: ServerConfig, credentials: RequestCredentials, listensForServerMessages: Bool = false,
                logger: Logger = .transport("mcpdash.http")) throws {
        guard let text = server.transport.endpoint?.url, let url = URL(string: text), url.host != nil else {
            throw MCPTransportError(.protocolViolation, server: server.name, url: server.transport.endpoint?.url ?? "",
                                    message: "the URL cannot be parsed")
        }
        self.server = server
        self.endpoint = url
        self.credentials = credentials
        self.requester = CredentialedRequester(server: server, home: url, credentials: credentials, logger: logger)
        self.logger = logger
        self.listensForServerMessages = listensForServerMessages
        self.timeout = .milliseconds(Int64((server.timeoutSeconds ?? 30) * 1000))
        (messages, continuation) = AsyncThrowingStream.makeStream()
    }

    public func connect() async throws {
        if credentials.sendsCredentials, let refusal = OriginPolicy.refusal(sending: endpoint, for: endpoint) {
            throw MCPTransportError(.refused, server: server.name, url: endpoint.absoluteString, message: refusal)
        }
    }

    public func disconnect() async {
        serverStream?.cancel()
        serverStream = nil
        if let sessionID {
            var headers = [("Mcp-Session-Id", sessionID)]
            if let protocolVersion { headers.append(("MCP-Protocol-Version", protocolVersion)) }
            if let response = try? await requester.execute(.DELETE, endpoint, headers: headers, body: nil, timeout: .seconds(5)) {
                await requester.discardBody(of: response)
            }
            self.sessionID = nil
        }
        continuation.finish()
    }

    public func send(_ data: Data) async throws {
        let response = try await post(data)
        let contentType = response.headers.first(name: "content-type")?.lowercased() ?? ""
        if let session = response.headers.first(name: "mcp-session-id") { sessionID = session }
        switch response.status.code {
        case 202, 204:
            await requester.discardBody(of: response)
            if listensForServerMessages, serverStream == nil, Self.method(of: data) == "notifications/initialized" {
                serverStream = Task { await self.readServerStream() }
            }
            return
        case 200..<300:
            if contentType.hasPrefix("text/event-stream") {
                var parser = SSEEventParser()
                for try await chunk in response.body {
                    for event in parser.feed(chunk.readableBytesView) where event.type == "message" {
                        deliver(Data(event.data.utf8))
                    }
                    if parser.overflowed {
                        throw MCPTransportError(.protocolViolation, server: server.name, url: endpoint.absoluteString,
                                                message: "the server's event stream broke a size limit (a line over \(SSEEventParser.maximumLineBytes >> 20) MiB or an event over \(SSEEventParser.maximumEventBytes >> 20) MiB)")
                    }
                }
                if let event = parser.finish(), event.type == "message" { deliver(Data(event.data.utf8)) }
            } else if contentType.hasPrefix("application/json") {
                let body = try await response.body.collect(upTo: 16 << 20)
                deliver(Data(body.readableBytesView))
            } else {
                throw MCPTransportError(.protocolViolation, server: server.name, url: endpoint.absoluteString,
                                        message: "expected JSON or an SSE stream, got content type \"\(contentType)\"")
            }
        default:
            throw await requester.failure(for: response, url: endpoint)
        }
    }

    public func receive() -> AsyncThrowingStream<Data, any Error> { messages }

    // MARK: - Requests

    /// POSTs `data` with the session headers.
    private func post(_ data: Data) async throws -> HTTPClientResponse {
        var headers = [("Content-Type", "application/json"), ("Accept", "application/json, text/event-stream")]
        if let sessionID { headers.append(("Mcp-Session-Id", sessionID)) }
        if let protocolVersion { headers.append(("MCP-Protocol-Version", protocolVersion)) }
        return try await requester.execute(.POST, endpoint, headers: headers, body: data, timeout: timeout)
    }

    /// Reads the GET stream until it ends, the transport disconnects, or the server has none.
    private func readServerStream() async {
        var headers = [("Accept", "text/event-stream")]
        if let sessionID { headers.append(("Mcp-Session-Id", sessionID)) }
        if let protocolVersion { headers.append(("MCP-Protocol-Version", protocolVersion)) }
        do {
            let response = try await requester.execute(.GET, endpoint, headers: headers, body: nil, timeout: .hours(24))
            let contentType = response.headers.first(name: "content-type")?.lowercased() ?? ""
            guard response.status == .ok, contentType.hasPrefix("text/event-stream") else {
                logger.debug("no server-message stream", metadata: ["status": "\(response.status.code)"])
                return
            }
            var parser = SSEEventParser()
            for try await chunk in response.body {
                for event in parser.feed(chunk.readableBytesView) where event.type == "message" { deliver(Data(event.data.utf8)) }
                if parser.overflowed {
                    logger.debug("the server-message stream broke a size limit; closed")
                    return
                }
            }
        } catch {
            logger.debug("the server-message stream ended", metadata: ["reason": "\(error)"])
        }
    }

    /// The JSON-RPC method of an outgoing message, when it has one.
    private static func method(of message: Data) -> String? {
        guard case .object(let object)? = try? JSONReader.strict(Array(message)),
              case .string(let method)? = object["method"] else { return nil }
        return method
    }

    private func deliver(_ message: Data) {
        if protocolVersion == nil, let version = Self.negotiatedVersion(in: message) { protocolVersion = version }
        continuation.yield(message)
    }

    /// The protocol version of an initialize result, when `message` is one (`JSONReader.strict`:
    /// through `JSONDecoder` it cost about 5 million instructions between the initialize
    /// response and the next request).
    private static func negotiatedVersion(in message: Data) -> String? {
        guard case .object(let object)? = try? JSONReader.strict(Array(message)),
              case .object(let result)? = object["result"], result["serverInfo"] != nil,
              case .string(let version)? = result["protocolVersion"] else { return nil }
        return version
    }

}
