import Foundation

/// `mcpdash logout NAME`: revokes (when asked) and forgets a server's session.
public enum Logout {
    /// How much to forget.
    public enum Scope: String, Sendable, CaseIterable, Codable {
        /// The access, refresh and id tokens (the default).
        case tokens
        /// The tokens and the client registration at the issuer, so the next login registers afresh.
        case registration
        /// Everything of this server and account in the secret store, plus the registration.
        case all
    }

    /// What a logout did.
    public struct Report: Codable, Equatable, Sendable {
        /// The server.
        public var server: String
        /// The account.
        public var account: String
        /// The tokens revoked at the server (`refresh_token`, `access_token`).
        public var revoked: [String]
        /// Why a revocation did not happen or failed.
        public var revocationProblems: [String]
        /// How many secrets were deleted.
        public var secretsDeleted: Int
        /// The issuer whose registration was forgotten.
        public var registrationForgotten: String?

        /// One line, the same on both faces (revocation problems are said apart).
        public var summary: String {
            var line = "\(server): logged out; deleted \(secretsDeleted) secret(s)"
            if !revoked.isEmpty { line += "; revoked the \(revoked.joined(separator: " and "))" }
            if let registrationForgotten { line += "; forgot the client registration at \(registrationForgotten)" }
            return line
        }
    }

    /// Logs `server`/`account` out.
    public static func run(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, database: StateDatabase,
                           account: String, revoke: Bool, forget: Scope) async throws -> Report {
        let broker = TokenBroker(server: server, config: config, stores: stores, database: database, account: account)
        let vault = broker.vault
        let metadata = try vault.metadata()
        var report = Report(server: server.name, account: account, revoked: [], revocationProblems: [], secretsDeleted: 0, registrationForgotten: nil)
        if revoke {
            await revokeTokens(broker: broker, metadata: metadata, report: &report)
        }
        report.secretsDeleted = try vault.forget()
        if forget != .tokens, let issuer = metadata?.issuer ?? registeredIssuer(server: server.name, database: database) {
            if try broker.registrar.forget(issuer: issuer) { report.registrationForgotten = issuer }
        }
        // Forgetting the registration also releases a pre-registered client's issuer binding.
        if forget != .tokens { try database.deleteClientBindings(server: server.name) }
        if forget == .all {
            for address in try broker.store.list(server: server.name) where address.account == account {
                if try broker.store.delete(address) { report.secretsDeleted += 1 }
            }
        }
        let parts = [report.revoked.isEmpty ? nil : "revoked \(report.revoked.joined(separator: " and "))",
                     "deleted \(report.secretsDeleted) secret(s)",
                     report.registrationForgotten.map { "forgot the registration at \($0)" }].compactMap { $0 }
        _ = try? database.append(JournalEvent(server: server.name, account: account, operation: .logout,
                                              outcome: report.revocationProblems.isEmpty ? .success : .failure,
                                              message: (parts + report.revocationProblems).joined(separator: "; ")))
        return report
    }

    /// The issuer of a registration first made for `server`, when no session names one.
    private static func registeredIssuer(server: String, database: StateDatabase) -> String? {
        (try? database.registrations())?.first { $0.server == server }?.issuer
    }

    /// RFC 7009: the refresh token first (it revokes the grant on most servers), then the access token.
    private static func revokeTokens(broker: TokenBroker, metadata: TokenMetadata?, report: inout Report) async {
        let name = broker.server.name
        var endpoint = metadata?.revocationEndpoint
        if endpoint == nil, let issuer = metadata?.issuer {
            endpoint = try? await AuthDiscovery.metadata(issuer: issuer, server: name).revocationEndpoint
        }
        guard let endpoint else {
            report.revocationProblems.append(metadata == nil ? "nothing to revoke: no session is stored"
                                                              : "the authorization server offers no revocation endpoint; the tokens were only forgotten locally")
            return
        }
        var auth: OAuthAuth? = nil
        if case .oauth(let oauth) = broker.server.auth { auth = oauth }
        let client = try? broker.registrar.existing(for: auth, issuer: metadata?.issuer ?? "", clientId: metadata?.clientId)
        for (field, hint) in [(TokenVault.Field.refreshToken, "refresh_token"), (TokenVault.Field.accessToken, "access_token")] {
            guard let token = try? broker.vault.value(field) else { continue }
            var fields: [(String, String)] = [("token", token), ("token_type_hint", hint)]
            var headers: [(String, String)] = []
            do {
                if let client { (fields, headers) = try await client.authenticated(fields: fields, headers: headers, audience: endpoint) }
                let response = try await OAuthHTTP.postForm(endpoint, fields: fields, headers: headers, server: name)
                if response.status == 200 {
                    report.revoked.append(hint)
                } else {
                    report.revocationProblems.append("revoking the \(hint) failed (HTTP \(response.status)\(response.errorCode.map { ", \($0)" } ?? ""))")
                }
            } catch {
                report.revocationProblems.append("revoking the \(hint) failed: \((error as? OAuthError)?.message ?? "\(error)")")
            }
        }
    }
}
