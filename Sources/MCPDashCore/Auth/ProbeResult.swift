import AsyncHTTPClient
import Foundation
import NIOCore

/// What an MCP request made as a client would make it got back: the status, the challenges
/// and the server's `Date` (triage's probe, and the login's unauthenticated first request).
public struct ProbeResult: Codable, Equatable, Sendable {
    /// The MCP endpoint.
    public let url: String
    /// The HTTP status, when there was a response.
    public let status: Int?
    /// Whether a credential was sent.
    public let sentCredential: Bool
    /// The response's `Date` header.
    public let serverDate: String?
    /// The raw `WWW-Authenticate` values.
    public let challenges: [String]
    /// What went wrong before any status (unreachable, no credential…).
    public let error: String?
}

extension ProbeResult {
    /// The MCP `initialize` request that triage and the challenge probe send.
    static let initializeBody = Data(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"mcpdash-diagnose","version":"0.1.0"}}}"#.utf8)

    /// Sends the request a client would, with `headers`, and records status, challenges and `Date`.
    static func send(server: ServerConfig, endpoint: URL, headers: [(String, String)]) async -> ProbeResult {
        let sending = headers.contains { SecretNames.looksSecret($0.0) }
        if sending, let refusal = OriginPolicy.refusal(sending: endpoint, for: endpoint) {
            return .init(url: endpoint.absoluteString, status: nil, sentCredential: false, serverDate: nil, challenges: [], error: refusal)
        }
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        if case .sse = server.transport {
            request.method = .GET
            request.headers.add(name: "Accept", value: "text/event-stream")
        } else {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Accept", value: "application/json, text/event-stream")
            request.body = .bytes(ByteBuffer(bytes: initializeBody))
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        do {
            let response = try await HTTPClientProvider.client(for: server).execute(request, timeout: .milliseconds(Int64((server.timeoutSeconds ?? 15) * 1000)))
            let challenges = response.headers["www-authenticate"].map(SecretRedactor.shared.redact)
            return .init(url: endpoint.absoluteString, status: Int(response.status.code), sentCredential: sending,
                         serverDate: response.headers.first(name: "date"), challenges: challenges, error: nil)
        } catch {
            return .init(url: endpoint.absoluteString, status: nil, sentCredential: sending, serverDate: nil, challenges: [],
                         error: ConnectionFailure.describe(error))
        }
    }
}
