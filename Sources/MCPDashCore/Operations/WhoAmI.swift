import Foundation
import Logging
import MCP

/// `mcpdash whoami NAME`: initialize, list tools, call the server's `whoami` tool, and show what
/// the client knows about its credential.
public enum WhoAmI {
    /// Runs whoami against `server`; the outcome is journaled when a database is given.
    public static func run(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, journal: StateDatabase?,
                           toolName: String = "whoami", minter: SelfSignedJWTMinter = SelfSignedJWTMinter()) async throws -> WhoAmIReport {
        do {
            let report = try await perform(server, config: config, stores: stores, toolName: toolName, minter: minter)
            _ = try? journal?.append(JournalEvent(server: server.name, operation: "whoami", outcome: .success, httpStatus: 200,
                                                  message: "identity \(report.identity == nil ? "not offered" : "answered by \(toolName)"), \(Int(report.latencyMilliseconds)) ms"))
            return report
        } catch let error as MCPTransportError {
            _ = try? journal?.append(JournalEvent(server: server.name, operation: "whoami", outcome: .failure, httpStatus: error.httpStatus,
                                                  challenge: error.challenges.first, message: error.message))
            throw error
        }
    }

    private static func perform(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, toolName: String,
                                minter: SelfSignedJWTMinter) async throws -> WhoAmIReport {
        guard case .http(let endpoint) = server.transport else {
            throw MCPTransportError(.protocolViolation, server: server.name, url: server.transport.endpoint?.url ?? server.transport.kindName,
                                    message: "whoami over the \(server.transport.kindName) transport is not available yet; only http is")
        }
        let resolver = SecretResolver(store: stores.store(for: server, in: config), environment: config.environment, server: server.name)
        let credentials = RequestCredentials(server: server, resolver: resolver, minter: minter)
        let transport = try StreamableHTTPTransport(server: server, credentials: credentials)
        let client = Client(name: "mcpdash", version: "0.1.0")
        let initialized: Initialize.Result
        do {
            initialized = try await client.connect(transport: transport)
        } catch {
            await client.disconnect()
            throw error
        }
        do {
            let started = ContinuousClock.now
            let tools = try await client.listTools().tools
            var identity: String? = nil
            var identityTool: String? = nil
            if tools.contains(where: { $0.name == toolName }) {
                identityTool = toolName
                let result = try await client.callTool(name: toolName, arguments: [:])
                identity = result.content.compactMap { content -> String? in
                    if case .text(let text, _, _) = content { return text }
                    return nil
                }.joined(separator: "\n")
            }
            let latency = ContinuousClock.now - started
            let token = try await credentials.headers(body: Data()).first { $0.0.lowercased() == "authorization" }
                .map { $0.1.split(separator: " ").last.map(String.init) ?? $0.1 }
            var claims: WhoAmIReport.Claims? = nil
            if let token, let decoded = await TokenClaims.decode(token) {
                let resource = endpoint.url.hasSuffix("/") ? String(endpoint.url.dropLast()) : endpoint.url
                let origin = URL(string: endpoint.url).flatMap(OriginPolicy.origin(of:))
                let mismatch = !decoded.audience.isEmpty && !decoded.audience.contains { audience in
                    audience == resource || audience == resource + "/" || URL(string: audience).flatMap(OriginPolicy.origin(of:)) == origin
                }
                claims = .init(subject: decoded.subject, issuer: decoded.issuer, audience: decoded.audience, scopes: decoded.scopes,
                               expiresAt: decoded.expiresAt, audienceMismatch: mismatch)
            }
            let milliseconds = Double(latency.components.seconds) * 1000 + Double(latency.components.attoseconds) / 1e15
            let report = WhoAmIReport(server: server.name, endpoint: endpoint.url,
                                serverInfo: "\(initialized.serverInfo.name) \(initialized.serverInfo.version)",
                                protocolVersion: initialized.protocolVersion, toolCount: tools.count, identityTool: identityTool,
                                identity: identity, claims: claims, authMethod: server.authLabel, latencyMilliseconds: milliseconds)
            await client.disconnect()
            return report
        } catch {
            await client.disconnect()
            throw error
        }
    }
}
