import Foundation
import MCP

/// Hands out a valid access token for a server, refreshing or re-requesting it when due.
///
/// Refresh is proactive (within `settings.refreshMarginSeconds` of expiry) and reactive (after
/// a 401), always under the cross-process `RefreshLock`: whoever waited re-reads the tokens the
/// owner stored instead of redeeming the same refresh token twice. An `invalid_grant` marks the
/// session "login required" once; later calls fail fast without asking the server again.
public struct TokenBroker: Sendable {
    /// The server.
    public let server: ServerConfig
    /// The config (settings, environment).
    public let config: MCPDashConfig
    /// The secret stores.
    public let stores: SecretStores
    /// The state database.
    public let database: StateDatabase
    /// The account.
    public let account: String

    /// Creates the broker of `server`/`account`.
    public init(server: ServerConfig, config: MCPDashConfig, stores: SecretStores, database: StateDatabase,
                account: String) {
        self.server = server
        self.config = config
        self.stores = stores
        self.database = database
        self.account = account
    }

    /// Whether this server's method is one the broker manages.
    public var managesTokens: Bool { server.auth.usesTokenEndpoint }

    var store: any SecretStore { stores.store(for: server, in: config) }
    var vault: TokenVault { TokenVault(store: store, database: database, server: server.name, account: account) }
    var resolver: SecretResolver { SecretResolver(store: store, environment: config.environment, server: server.name, account: account) }
    var registrar: ClientRegistrar { ClientRegistrar(server: server.name, resolver: resolver, store: store, database: database) }
    private var margin: TimeInterval { TimeInterval(config.settings.refreshMarginSeconds) }
    /// The resource identifier this server's tokens are bound to: its endpoint, canonical (nil for stdio).
    var boundResource: String? { server.transport.endpoint.map { ResourceIdentifier.canonical($0.url) } }

    /// Why the stored session must not be sent to this server as it is configured now; nil when it may.
    ///
    /// A token is sent only to the resource it was issued for (RFC 8707), from the issuer the
    /// config names when it names one: an edited URL or authorization server never receives
    /// the old audience's token.
    public func audienceRefusal(_ metadata: TokenMetadata) -> String? {
        if let resource = metadata.resource, let endpoint = server.transport.endpoint?.url,
           !ResourceIdentifier.covers(resource, endpoint: endpoint) {
            return "the stored token was issued for \(resource), but \(server.name) now points at \(ResourceIdentifier.canonical(endpoint))"
        }
        let configuredIssuer: String? = switch server.auth {
        case .oauth(let auth): auth.authorizationServer
        case .deviceCode(let auth): auth.issuer
        default: nil
        }
        if let configuredIssuer, let issuer = metadata.issuer, issuer != configuredIssuer {
            return "the stored token was issued by \(issuer), but \(server.name) now names the authorization server \(configuredIssuer)"
        }
        return nil
    }

    /// Whether the stored token must be renewed at `now`.
    public func isDue(_ metadata: TokenMetadata?, now: Date) -> Bool {
        guard let expiry = metadata?.expiresAt else { return false }
        return expiry.timeIntervalSince(now) <= margin
    }

    /// A valid access token: the stored one, or a renewed one when it is due or missing (client credentials).
    ///
    /// With `held`, a token read earlier under the same stored session is sent again without
    /// reading the store (`HeldAccessToken`); the session's metadata is still read every time.
    public func accessToken(now: Date = Date(), held: HeldAccessToken? = nil) async throws -> String {
        let metadata = try vault.metadata()
        if let reason = metadata?.loginRequired {
            throw OAuthError(.loginRequired, server: server.name, message: "login required: \(reason)", hint: "mcpdash login \(server.name)")
        }
        if let metadata, let refusal = audienceRefusal(metadata) {
            throw OAuthError(.resourceMismatch, server: server.name, message: "\(refusal); it was not sent", hint: "mcpdash login \(server.name)")
        }
        if !isDue(metadata, now: now) {
            if let metadata, let token = held?.token(obtainedAt: metadata.obtainedAt) ?? cachedAccessToken(metadata: metadata, held: held) {
                return token
            }
            if let token = try readAccessToken(metadata: metadata, held: held, now: now) { return token }
        }
        try await renew(force: false, now: now)
        guard let token = try readAccessToken(metadata: try vault.metadata(), held: held, now: now) else {
            throw OAuthError(.loginRequired, server: server.name, message: "no access token is stored", hint: "mcpdash login \(server.name)")
        }
        return token
    }

    /// Puts the stored access token in the token cache (after a login), as a later read would.
    public func cacheAccessToken(now: Date = Date()) {
        guard let metadata = try? vault.metadata(), metadata.loginRequired == nil, audienceRefusal(metadata) == nil else { return }
        _ = try? readAccessToken(metadata: metadata, held: nil, now: now)
    }

    /// The stored access token, held for the connection and kept in the token cache as
    /// `TokenCachePolicy` allows, when the session has `metadata`.
    private func readAccessToken(metadata: TokenMetadata?, held: HeldAccessToken?, now: Date) throws -> String? {
        let slot = tokenCacheSlot
        let generation = slot?.cache.generation(server: server.name)   // before the read: a change meanwhile drops the copy
        guard let token = try vault.value(TokenVault.Field.accessToken) else { return nil }
        guard let metadata else { return token }
        held?.keep(token, obtainedAt: metadata.obtainedAt)
        // A DPoP-bound token goes with a proof made from the key each time: it is not copied.
        if let slot, let generation,
           let seconds = TokenCachePolicy.lifetime(.token, server: server, storage: store.kind, metadata: metadata,
                                                   sendsProof: metadata.isDPoPBound, settings: config.settings, now: now) {
            slot.cache.store(token, for: slot.key, seconds: seconds, in: generation)
        }
        return token
    }

    /// The access token the token cache holds for this server and account, while the store it
    /// came from is unlocked now (asked without a session: `SecretStore.isUnlockedNow`); held for
    /// the connection and taught to the redactor. A locked or unreachable store is then read
    /// itself, and says why it cannot be.
    private func cachedAccessToken(metadata: TokenMetadata, held: HeldAccessToken?) -> String? {
        guard !metadata.isDPoPBound, let slot = tokenCacheSlot, let generation = slot.cache.generation(server: server.name),
              let token = slot.cache.value(for: slot.key, in: generation), store.isUnlockedNow() else { return nil }
        SecretRedactor.shared.remember(token)
        held?.keep(token, obtainedAt: metadata.obtainedAt)
        return token
    }

    /// The token cache and the key of this server's access token for this (resolved) account,
    /// the key `mcpdash token NAME --account ACCOUNT` uses; nil when nothing is cached.
    private var tokenCacheSlot: (cache: any TokenCache, key: TokenCacheKey)? {
        guard let cache = stores.tokenCache, config.settings.tokenCacheSeconds > 0, store.kind != .file,
              let entry = config.entries[server.name] else { return nil }
        let scope = [database.path, config.environment.variables["DBUS_SESSION_BUS_ADDRESS"] ?? ""]
        return (cache, TokenCacheKey(kind: .token, server: server.name, entry: entry, environment: config.environment, account: account,
                                     settings: config.settings, scope: scope))
    }

    /// `mcpdash headers`: every header that authenticates a request, for any method (HMAC signs an empty body).
    public func requestHeaders(minter: SelfSignedJWTMinter = SelfSignedJWTMinter()) async throws -> [String: String] {
        let credentials = RequestCredentials(server: server, resolver: resolver, minter: minter, broker: self)
        var headers: [String: String] = [:]
        for (name, value) in try await credentials.headers(body: Data()) { headers[name] = value }
        return headers
    }

    /// `mcpdash token`: the bare token a server accepts: an OAuth access token, a bearer token or a self-minted JWT.
    public func presentableToken(minter: SelfSignedJWTMinter = SelfSignedJWTMinter()) async throws -> String {
        if managesTokens { return try await accessToken() }
        let headers = try await requestHeaders(minter: minter)
        let (header, scheme): (String?, String) = switch server.auth {
        case .bearer(let auth): (auth.header, auth.scheme)
        case .jwt(let auth): (auth.header, auth.scheme)
        default: (nil, "")
        }
        guard let header, let value = headers[header] else {
            throw OAuthError(.unsupported, server: server.name, message: "\(server.name) authenticates with \(server.auth.methodName) headers, not a token",
                             hint: "mcpdash headers \(server.name) prints them as JSON")
        }
        return scheme.isEmpty ? value : String(value.dropFirst(scheme.count + 1))
    }

    /// Renews the token under the lock unless another process renewed it since `known` was read
    /// (the refresh agent's renewal, decided on its own schedule rather than the margin).
    @discardableResult
    public func renew(replacing known: TokenMetadata?, now: Date = Date()) async throws -> LoginReport {
        try await vault.whileLocked { () async throws -> LoginReport in
            try await renewHoldingLock(force: true, before: known, now: now)
        }
    }

    /// Renews the token under the lock: by refresh token, or for client credentials by a new
    /// request. Without `force`, a token another process renewed meanwhile is kept as it is.
    @discardableResult
    public func renew(force: Bool, now: Date = Date()) async throws -> LoginReport {
        let before = try vault.metadata()
        return try await vault.whileLocked { () async throws -> LoginReport in
            try await renewHoldingLock(force: force, before: before, now: now)
        }
    }

    private func renewHoldingLock(force: Bool, before: TokenMetadata?, now: Date) async throws -> LoginReport {
        let current = try vault.metadata()
        let someoneElseRenewed = current != nil && current?.obtainedAt != before?.obtainedAt
        if let current, current.loginRequired == nil, !isDue(current, now: now), !force || someoneElseRenewed,
           try vault.value(TokenVault.Field.accessToken) != nil {
            return report(current, grant: .stored)
        }
        do {
            let report = try await obtain(current: current, now: now)
            _ = try? database.append(JournalEvent(server: server.name, account: account, operation: .refresh, outcome: .success,
                                                  message: "\(report.grant.rawValue): new access token, \(report.expiresAt.map { ExpiryText.describe($0, now: now) } ?? "no expiry given")"))
            return report
        } catch let error as OAuthError {
            if error.kind == .loginRequired { try? vault.markLoginRequired(error.message) }
            _ = try? database.append(JournalEvent(server: server.name, account: account, operation: .refresh, outcome: .failure, message: error.message))
            throw error
        }
    }

    private func obtain(current: TokenMetadata?, now: Date) async throws -> LoginReport {
        switch server.auth {
        case .clientCredentials(let auth):
            return try await ClientCredentialsGrant(server: server, auth: auth, resolver: resolver, vault: vault, resource: boundResource)
                .run(known: current, now: now)
        case .oauth(let auth):
            return try await refresh(current: current, auth: auth, sendResource: auth.sendResource, now: now)
        case .deviceCode:
            return try await refresh(current: current, auth: nil, sendResource: false, now: now)
        case .enterprise(let auth):
            return try await EnterpriseGrant(server: server, auth: auth, resolver: resolver, vault: vault).renew(current: current, margin: margin, now: now)
        case .workloadIdentity(let auth):
            return try await WorkloadIdentityGrant(server: server, auth: auth, vault: vault, resource: boundResource,
                                                   environment: config.environment.variables).run(known: current, now: now)
        default:
            throw OAuthError(.unsupported, server: server.name, message: "\(server.auth.methodName) credentials do not expire; there is nothing to refresh",
                             hint: "mcpdash rotate \(server.name) replaces a static secret")
        }
    }

    private func refresh(current: TokenMetadata?, auth: OAuthAuth?, sendResource: Bool, now: Date) async throws -> LoginReport {
        guard let current else {
            throw OAuthError(.loginRequired, server: server.name, message: "not logged in (no tokens are stored)", hint: "mcpdash login \(server.name)")
        }
        guard let refreshToken = try vault.value(TokenVault.Field.refreshToken) else {
            throw OAuthError(.loginRequired, server: server.name, message: "the access token is due and no refresh token is stored",
                             hint: "mcpdash login \(server.name)")
        }
        guard let tokenEndpoint = current.tokenEndpoint else {
            throw OAuthError(.loginRequired, server: server.name, message: "the stored session does not name its token endpoint", hint: "mcpdash login \(server.name)")
        }
        if let refusal = audienceRefusal(current) {
            throw OAuthError(.resourceMismatch, server: server.name, message: "\(refusal); it was not refreshed", hint: "mcpdash login \(server.name)")
        }
        var client = try registrar.existing(for: auth, issuer: current.issuer ?? "", clientId: current.clientId)
        if case .deviceCode(let device) = server.auth {
            client = try registrar.configured(clientId: device.clientId, secret: device.clientSecret, method: nil, metadata: nil) ?? client
        }
        var grant: [(String, String)] = [("grant_type", "refresh_token"), ("refresh_token", refreshToken)]
        if sendResource, let resource = current.resource { grant.append(("resource", resource)) }
        // A rotated refresh token is stored the moment it arrives, before the rest of the
        // answer is judged: a garbage access token or expiry must not cost the session.
        let vault = self.vault
        // A session bound to a DPoP key refreshes with a proof of the same key (RFC 9449 §5).
        let tokens = try await TokenEndpoint.request(tokenEndpoint, grant: grant, client: client, dpop: try vault.dpopKey(), server: server.name,
                                                     onRefreshToken: { try vault.storeRefreshToken($0) })
        var context = TokenVault.Context(issuer: current.issuer, tokenEndpoint: tokenEndpoint, clientId: current.clientId)
        context.redeemedRefreshToken = refreshToken
        let saved = try vault.save(tokens, context: context, now: now)
        return report(saved, grant: .refreshToken)
    }

    private func report(_ metadata: TokenMetadata, grant: Grant) -> LoginReport {
        let refreshable = (try? vault.value(TokenVault.Field.refreshToken)) != nil
        return LoginReport(server: server.name, account: account, grant: grant, issuer: metadata.issuer, client: nil, subject: metadata.subject,
                           scopes: metadata.scopes, expiresAt: metadata.expiresAt, refreshable: refreshable)
    }
}
