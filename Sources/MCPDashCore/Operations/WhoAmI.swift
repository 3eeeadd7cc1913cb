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
            let report = try await perform(server, config: config, stores: stores, toolName: toolName, minter: minter, database: journal)
            _ = try? journal?.append(JournalEvent(server: server.name, operation: "whoami", outcome: .success, httpStatus: 200,
                                                  message: "identity \(report.identity == nil ? "not offered" : "answered by \(toolName)"), \(Int(report.latencyMilliseconds)) ms"
                                                    + (report.usedSecondaryKey ? "; the primary key was refused and the secondary accepted" : "")))
            return report
        } catch let error as MCPTransportError {
            _ = try? journal?.append(JournalEvent(server: server.name, operation: "whoami", outcome: .failure, httpStatus: error.httpStatus,
                                                  challenge: error.challenges.first, message: error.message))
            throw error
        }
    }

    private static func perform(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, toolName: String,
                                minter: SelfSignedJWTMinter, database: StateDatabase?) async throws -> WhoAmIReport {
        let connection = try await ServerConnection.open(server, config: config, stores: stores, minter: minter, database: database)
        do {
            let report = try await identify(server, connection: connection, toolName: toolName)
            await connection.close()
            return report
        } catch {
            await connection.close()
            throw error
        }
    }

    private static func identify(_ server: ServerConfig, connection: ServerConnection, toolName: String) async throws -> WhoAmIReport {
        let started = ContinuousClock.now
        let tools = try await connection.run { try await $0.listTools().tools }
        var identity: String? = nil
        var identityTool: String? = nil
        if tools.contains(where: { $0.name == toolName }) {
            identityTool = toolName
            let result = try await connection.run { try await $0.callTool(name: toolName, arguments: [:]) }
            identity = result.content.compactMap { content -> String? in
                if case .text(let text, _, _) = content { return text }
                return nil
            }.joined(separator: "\n")
        }
        let latency = ContinuousClock.now - started
        let endpoint = server.transport.endpoint?.url ?? ""
        var claims: WhoAmIReport.Claims? = nil
        if let token = await connection.presentedToken(), let decoded = await TokenClaims.decode(token) {
            claims = .init(subject: decoded.subject, issuer: decoded.issuer, audience: decoded.audience, scopes: decoded.scopes,
                           expiresAt: decoded.expiresAt,
                           audienceMismatch: !decoded.audienceNamesServer(resource: nil, endpoint: endpoint))
        }
        let initialized = connection.initialized
        return WhoAmIReport(server: server.name, endpoint: endpoint,
                            serverInfo: "\(initialized.serverInfo.name) \(initialized.serverInfo.version)",
                            protocolVersion: initialized.protocolVersion, toolCount: tools.count, identityTool: identityTool,
                            identity: identity, claims: claims, authMethod: server.authLabel, latencyMilliseconds: latency.milliseconds,
                            usedSecondaryKey: connection.credentials.fallback.isActive)
    }
}
