import AsyncHTTPClient
import Foundation
import Logging
import MCP
import NIOCore

/// The legacy HTTP+SSE transport (MCP 2024-11-05): a GET opens an SSE stream whose first
/// `endpoint` event names the URL to POST messages to; answers arrive as `message` events.
///
/// The stream may stay silent for at most the server's `readTimeout` (MCPOmni's
/// `sse_read_timeout`, 300 s by default); then the session fails instead of hanging.
public actor LegacySSETransport: SelfFailingTransport {
    public nonisolated let logger: Logger
    /// The server.
    public let server: ServerConfig
    /// The SSE stream's URL.
    public let streamURL: URL
    private let requester: CredentialedRequester
    private let credentials: RequestCredentials
    private let readTimeout: Duration
    private let messages: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private let failure = FailureSignal()
    private var postURL: URL?
    private var reader: Task<Void, Never>?
    private var lastActivity = ContinuousClock.now
    private var closing = false
    private var announced = false

    /// Creates a transport for `server`, whose `url` is the SSE stream.
    public init(server: ServerConfig, credentials: RequestCredentials, logger: Logger = .transport("mcpdash.sse")) throws {
        guard let text = server.transport.endpoint?.url, let url = URL(string: text), url.host != nil else {
            throw MCPTransportError(.protocolViolation, server: server.name, url: server.transport.endpoint?.url ?? "", message: "the URL cannot be parsed")
        }
        self.server = server
        self.streamURL = url
        self.credentials = credentials
        self.logger = logger
        self.requester = CredentialedRequester(server: server, home: url, credentials: credentials, logger: logger)
        self.readTimeout = .milliseconds(Int64((server.transport.endpoint?.readTimeout ?? 300) * 1000))
        (messages, continuation) = AsyncThrowingStream.makeStream()
    }

    public func connect() async throws {
        if credentials.sendsCredentials, let refusal = OriginPolicy.refusal(sending: streamURL, for: streamURL) {
            throw MCPTransportError(.refused, server: server.name, url: streamURL.absoluteString, message: refusal)
        }
        let (ready, readyContinuation) = AsyncStream<Result<URL, MCPTransportError>>.makeStream()
        reader = Task { await self.read(announcing: readyContinuation) }
        for await outcome in ready {
            switch outcome {
            case .success(let url):
                postURL = url
                return
            case .failure(let error):
                throw error
            }
        }
        throw await failure.wait() ?? MCPTransportError(.protocolViolation, server: server.name, url: streamURL.absoluteString,
                                                        message: "the stream ended before an endpoint event")
    }

    public func disconnect() async {
        closing = true
        reader?.cancel()
        continuation.finish()
    }

    public func send(_ data: Data) async throws {
        guard let postURL else {
            throw MCPTransportError(.protocolViolation, server: server.name, url: streamURL.absoluteString, message: "not connected")
        }
        let timeout = TimeAmount.milliseconds(Int64((server.timeoutSeconds ?? 30) * 1000))
        let response = try await requester.execute(.POST, postURL, headers: [("Content-Type", "application/json")], body: data, timeout: timeout)
        guard (200..<300).contains(response.status.code) else { throw await requester.failure(for: response, url: postURL) }
        await requester.discardBody(of: response)
    }

    public func receive() -> AsyncThrowingStream<Data, any Error> { messages }

    public func unexpectedFailure() async -> MCPTransportError? { await failure.wait() }

    // MARK: - The stream

    /// Reads the SSE stream until it ends, fails, or stays silent longer than the read timeout.
    private func read(announcing ready: AsyncStream<Result<URL, MCPTransportError>>.Continuation) async {
        do {
            let response = try await requester.execute(.GET, streamURL, headers: [("Accept", "text/event-stream")], body: nil, timeout: .hours(24))
            guard response.status.code == 200 else { throw await requester.failure(for: response, url: streamURL) }
            lastActivity = .now
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var parser = SSEEventParser()
                    for try await chunk in response.body {
                        await self.touch()
                        for event in parser.feed(chunk.readableBytesView) {
                            if event.type == "endpoint" {
                                try await self.announce(event.data, to: ready)
                            } else if event.type == "message" {
                                await self.deliver(Data(event.data.utf8))
                            }
                        }
                        if parser.overflowed {
                            throw MCPTransportError(.protocolViolation, server: self.server.name, url: self.streamURL.absoluteString,
                                                    message: "the SSE stream broke a size limit (a line over \(SSEEventParser.maximumLineBytes >> 20) MiB or an event over \(SSEEventParser.maximumEventBytes >> 20) MiB)")
                        }
                    }
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: .seconds(1))
                        if await self.silence() > self.readTimeout {
                            throw MCPTransportError(.timeout, server: self.server.name, url: self.streamURL.absoluteString,
                                                    message: "the SSE stream was silent for more than \(self.readTimeout.components.seconds) s")
                        }
                    }
                }
                _ = try await group.next()
                group.cancelAll()
            }
            throw MCPTransportError(.protocolViolation, server: server.name, url: streamURL.absoluteString, message: "the server closed the SSE stream")
        } catch {
            guard !closing, !Task.isCancelled else { return }
            let failed = (error as? MCPTransportError)
                ?? MCPTransportError(.unreachable, server: server.name, url: streamURL.absoluteString, message: "\(error)")
            if !announced {
                ready.yield(.failure(failed))
                ready.finish()
            }
            continuation.finish(throwing: failed)
            await failure.fail(failed)
        }
    }

    /// Hands the first `endpoint` event's URL to `connect`.
    private func announce(_ data: String, to ready: AsyncStream<Result<URL, MCPTransportError>>.Continuation) throws {
        guard !announced else { return }
        let url = try endpoint(from: data)
        announced = true
        ready.yield(.success(url))
        ready.finish()
    }

    /// The POST URL of an `endpoint` event, which must be on the stream's origin.
    private func endpoint(from data: String) throws -> URL {
        guard let url = URL(string: data.trimmingCharacters(in: .whitespaces), relativeTo: streamURL)?.absoluteURL,
              OriginPolicy.origin(of: url) == OriginPolicy.origin(of: streamURL) else {
            throw MCPTransportError(.protocolViolation, server: server.name, url: streamURL.absoluteString,
                                    message: "the endpoint event names another origin (\(data)); refusing to POST there")
        }
        return url
    }

    private func touch() { lastActivity = .now }
    private func silence() -> Duration { ContinuousClock.now - lastActivity }
    private func deliver(_ message: Data) { continuation.yield(message) }
}
