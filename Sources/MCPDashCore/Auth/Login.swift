import Foundation

/// `mcpdash login NAME`: obtains tokens by the server's method and stores them.
public enum Login {
    /// Logs `server` in as `account`; progress goes to `progress`; the outcome is journaled.
    public static func run(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, database: StateDatabase,
                           account: String, options: LoginOptions,
                           progress: @escaping LoginProgress = { _ in }) async throws -> LoginReport {
        let broker = TokenBroker(server: server, config: config, stores: stores, database: database, account: account)
        do {
            let report: LoginReport
            switch server.auth {
            case .oauth(let auth) where options.device:
                // login --device: the device grant at the same authorization server, as the same client.
                let device = DeviceCodeAuth(clientId: auth.clientId, clientSecret: auth.clientSecret, scopes: auth.scopes,
                                            issuer: auth.authorizationServer, sendResource: auth.sendResource)
                report = try await DeviceCodeLogin(server: server, auth: device, vault: broker.vault, registrar: broker.registrar)
                    .run(options: options, progress: progress)
            case .oauth(let auth):
                report = try await AuthorizationCodeLogin(server: server, auth: auth, vault: broker.vault, registrar: broker.registrar)
                    .run(options: options, progress: progress)
            case .deviceCode(let auth):
                report = try await DeviceCodeLogin(server: server, auth: auth, vault: broker.vault, registrar: broker.registrar)
                    .run(options: options, progress: progress)
            case .clientCredentials(let auth):
                progress(.exchanging)
                let grant = ClientCredentialsGrant(server: server, auth: auth, resolver: broker.resolver, vault: broker.vault,
                                                   resource: broker.boundResource)
                report = try await broker.vault.whileLocked { try await grant.run() }
            case .enterprise(let auth):
                report = try await EnterpriseGrant(server: server, auth: auth, resolver: broker.resolver, vault: broker.vault)
                    .login(options: options, progress: progress)
            case .workloadIdentity(let auth):
                progress(.exchanging)
                let grant = WorkloadIdentityGrant(server: server, auth: auth, vault: broker.vault, resource: broker.boundResource,
                                                  environment: config.environment.variables)
                report = try await broker.vault.whileLocked { try await grant.run() }
            default:
                throw OAuthError(.unsupported, server: server.name,
                                 message: "\(server.name) uses \(server.auth.methodName) credentials, which need no login",
                                 hint: "mcpdash rotate \(server.name) replaces the stored secret")
            }
            if (try? database.activeAccount(server: server.name)) != account { try? Accounts.use(account, server: server, database: database) }
            broker.cacheAccessToken()   // the next connection (whoami, status) while the keyring stays unlocked opens no session
            _ = try? database.append(JournalEvent(server: server.name, account: account, operation: .login, outcome: .success,
                                                  message: "\(report.grant.rawValue) login\(report.subject.map { " as \($0)" } ?? "")\(report.issuer.map { " at \($0)" } ?? "")"))
            return report
        } catch {
            let message = (error as? any UserFacingError)?.summary ?? "\(error)"
            _ = try? database.append(JournalEvent(server: server.name, account: account, operation: .login, outcome: .failure, message: message))
            throw error
        }
    }
}
