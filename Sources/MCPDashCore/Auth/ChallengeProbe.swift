import AsyncHTTPClient
import Foundation
import NIOCore

/// Finds the challenge an MCP server gives a client without credentials, where the server gives it.
///
/// Most servers refuse `initialize` itself; some leave it open and challenge the first real
/// operation instead (the conformance suite's step-up scenarios: 401 on `tools/list` with the
/// scope it needs). When `initialize` succeeds, the probe completes the handshake as a client
/// would and asks for `tools/list`, so the login requests the scope of that challenge.
public enum ChallengeProbe {
    /// What the probe saw.
    public struct Outcome: Sendable {
        /// The status of the request that was challenged (or of `initialize` when none was).
        public var status: Int?
        /// The `WWW-Authenticate` values of the challenge.
        public var challenges: [String]
        /// The request that got them: `initialize` or `tools/list`.
        public var operation: String
    }

    private static let listBody = Data(#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}"#.utf8)
    private static let initializedBody = Data(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8)

    /// Probes `endpoint` of `server` without credentials.
    public static func run(server: ServerConfig, endpoint: URL) async -> Outcome {
        guard case .http = server.transport else {
            let probe = await ProbeResult.send(server: server, endpoint: endpoint, headers: [])
            return Outcome(status: probe.status, challenges: probe.challenges, operation: "initialize")
        }
        guard let initialized = await post(server: server, endpoint: endpoint, body: ProbeResult.initializeBody, session: nil) else {
            return Outcome(status: nil, challenges: [], operation: "initialize")
        }
        let status = Int(initialized.status.code)
        guard (200..<300).contains(status) else {
            return Outcome(status: status, challenges: challenges(of: initialized), operation: "initialize")
        }
        // initialize is open: complete the handshake and ask for the first real operation.
        let sessionID = initialized.headers.first(name: "mcp-session-id")
        _ = await post(server: server, endpoint: endpoint, body: initializedBody, session: sessionID)
        guard let listed = await post(server: server, endpoint: endpoint, body: listBody, session: sessionID) else {
            return Outcome(status: status, challenges: [], operation: "initialize")
        }
        return Outcome(status: Int(listed.status.code), challenges: challenges(of: listed), operation: "tools/list")
    }

    /// The redacted `WWW-Authenticate` values of a 401 or 403.
    private static func challenges(of response: HTTPClientResponse) -> [String] {
        [401, 403].contains(Int(response.status.code)) ? response.headers["www-authenticate"].map(SecretRedactor.shared.redact) : []
    }

    /// POSTs one JSON-RPC message without credentials; nil when the server cannot be reached.
    private static func post(server: ServerConfig, endpoint: URL, body: Data, session: String?) async -> HTTPClientResponse? {
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        request.headers.add(name: "MCP-Protocol-Version", value: "2025-11-25")
        if let session, session.utf8.count <= 256 { request.headers.add(name: "Mcp-Session-Id", value: session) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let timeout = TimeAmount.milliseconds(Int64((server.timeoutSeconds ?? 15) * 1000))
        guard let response = try? await HTTPClientProvider.client(for: server).execute(request, timeout: timeout) else {
            return nil
        }
        // The body is read (and dropped, up to a bound) so the connection ends cleanly.
        _ = try? await response.body.collect(upTo: 1 << 20)
        return response
    }
}
