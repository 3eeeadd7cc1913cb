import Foundation
import Logging
import MCP

/// `mcpdash whoami NAME`: initialize, list tools, call the server's `whoami` tool, and show what
/// the client knows about its credential.
public enum WhoAmI {
    /// Runs whoami against `server`; the outcome is journaled when a database is given.
    ///
    /// With a database and `useCache`, a verdict the server gave on the same credential within
    /// `VerdictCache`'s lifetimes is returned (or re-thrown) without asking it again. With
    /// `repeats` above 1 the server is always asked, and asked again `repeats - 1` times in the
    /// same session (the identity tool, or `tools/list` without one), each answer timed.
    public static func run(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, journal: StateDatabase?,
                           toolName: String = "whoami", minter: SelfSignedJWTMinter = SelfSignedJWTMinter(),
                           useCache: Bool = true, account: String? = nil, repeats: Int = 1) async throws -> WhoAmIReport {
        let useCache = useCache && repeats <= 1
        let account = Accounts.resolve(account, server: server.name, database: journal)
        let cache = journal.map { VerdictCache(database: $0, server: server, account: account) }
        let fingerprint = useCache ? cache?.fingerprint(config: config, stores: stores) : nil
        if let cache, let fingerprint, let verdict = cache.lookup(fingerprint: fingerprint) {
            if verdict.valid, var report = try? JSONDecoder.verdicts.decode(WhoAmIReport.self, from: Data(verdict.detail.utf8)) {
                report.cachedAt = verdict.checkedAt
                return report
            }
            if !verdict.valid {
                throw MCPTransportError(.httpStatus(verdict.httpStatus ?? 401), server: server.name, url: server.transport.endpoint?.url ?? "",
                                        challenges: verdict.challenge.map { [$0] } ?? [],
                                        message: "\(verdict.detail) (the server's verdict \(Int(Date().timeIntervalSince(verdict.checkedAt))) s ago; --fresh asks again)")
            }
        }
        do {
            let report = try await perform(server, config: config, stores: stores, toolName: toolName, minter: minter, database: journal,
                                           account: account, repeats: repeats)
            // Refreshing during the call changes the credential: fingerprint what was finally used.
            if let cache, useCache, let used = cache.fingerprint(config: config, stores: stores) { cache.accepted(fingerprint: used, report: report) }
            var event = JournalEvent(server: server.name, account: account, operation: .whoami, outcome: .success, httpStatus: 200,
                                     message: "identity \(report.identity == nil ? "not offered" : "answered by \(toolName)"), \(Int(report.latencyMilliseconds)) ms"
                                        + (report.usedSecondaryKey ? "; the primary key was refused and the secondary accepted" : ""))
            event.latencyMilliseconds = Int(report.latencyMilliseconds)
            _ = try? journal?.append(event)
            return report
        } catch let error as MCPTransportError {
            if let cache, useCache, [401, 403].contains(error.httpStatus ?? 0), let used = cache.fingerprint(config: config, stores: stores) {
                cache.refused(fingerprint: used, error: error)
            }
            _ = try? journal?.append(JournalEvent(server: server.name, account: account, operation: .whoami, outcome: .failure, httpStatus: error.httpStatus,
                                                  challenge: error.challenges.first, message: error.message))
            throw error
        }
    }

    private static func perform(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, toolName: String,
                                minter: SelfSignedJWTMinter, database: StateDatabase?, account: String, repeats: Int) async throws -> WhoAmIReport {
        let connection = try await ServerConnection.open(server, config: config, stores: stores, minter: minter, database: database,
                                                         account: account)
        do {
            var report = try await identify(server, connection: connection, toolName: toolName)
            if repeats > 1 { report.repeatedLatenciesMilliseconds = try await repeated(repeats - 1, report: report, connection: connection) }
            await connection.close()
            return report
        } catch {
            await connection.close()
            throw error
        }
    }

    /// The latencies of `count` more identity calls (or `tools/list` calls) on `connection`, in milliseconds.
    private static func repeated(_ count: Int, report: WhoAmIReport, connection: ServerConnection) async throws -> [Double] {
        var latencies: [Double] = []
        latencies.reserveCapacity(count)
        for _ in 0..<count {
            let started = ContinuousClock.now
            if let tool = report.identityTool {
                _ = try await connection.run { try await $0.callTool(name: tool, arguments: [:]) }
            } else {
                _ = try await connection.run { try await $0.listTools() }
            }
            latencies.append((ContinuousClock.now - started).milliseconds)
        }
        return latencies
    }

    /// Calls the identity tool straight away; only when that fails are the tools listed, to
    /// tell a server without the tool (no identity, and how many tools it has) from a tool that
    /// failed (its error, as before). A server with many tools is not made to list them all, nor
    /// mcpdash to decode every schema, on each whoami.
    private static func identify(_ server: ServerConfig, connection: ServerConnection, toolName: String) async throws -> WhoAmIReport {
        let started = ContinuousClock.now
        var identity: String? = nil
        var identityTool: String? = nil
        var toolCount: Int? = nil
        let text = { (content: [Tool.Content]) in
            content.compactMap { content -> String? in
                if case .text(let text, _, _) = content { return text }
                return nil
            }.joined(separator: "\n")
        }
        /// The tools the server lists, counted; whether `toolName` is among them.
        let listed = { () async throws -> Bool in
            let tools = try await connection.run { try await $0.listTools().tools }
            toolCount = tools.count
            return tools.contains { $0.name == toolName }
        }
        do {
            let result = try await connection.run { try await $0.callTool(name: toolName, arguments: [:]) }
            var answered = result.isError != true
            if !answered { answered = try await listed() }
            if answered {
                identityTool = toolName
                identity = text(result.content)
            }
        } catch let error as MCPError {
            // The server refused the call itself (an unknown tool is often -32602): a tool it lists failed.
            if try await listed() { throw error }
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
                            protocolVersion: initialized.protocolVersion, toolCount: toolCount, identityTool: identityTool,
                            identity: identity, claims: claims, authMethod: server.authLabel, latencyMilliseconds: latency.milliseconds,
                            usedSecondaryKey: connection.credentials.fallback.isActive)
    }
}
