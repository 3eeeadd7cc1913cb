import Foundation

/// Where one server account's OAuth tokens live: the values in the secret store, what is known
/// about them (expiry, scopes, issuer, endpoints) in the state database.
///
/// A rotated refresh token is written before anything else, so a crash at any moment leaves a
/// refresh token the server still honours.
public struct TokenVault: Sendable {
    /// The secret-store fields of an OAuth session.
    public enum Field {
        /// The access token.
        public static let accessToken = "accessToken"
        /// The refresh token.
        public static let refreshToken = "refreshToken"
        /// The OIDC id_token.
        public static let idToken = "idToken"
        /// The private key of the DPoP key pair the tokens are bound to (RFC 9449), as PEM.
        public static let dpopKey = "dpopKey"
        /// The enterprise identity provider's id_token, exchanged for each new access token (SEP-990).
        public static let identityProviderIDToken = "idp.idToken"
        /// Every field, in the order they are deleted.
        public static let all = [accessToken, idToken, refreshToken, dpopKey, identityProviderIDToken]
    }

    /// The store the server's secrets go to.
    public let store: any SecretStore
    /// The state database.
    public let database: StateDatabase
    /// The server.
    public let server: String
    /// The account.
    public let account: String

    /// Creates the vault of `server`/`account`.
    public init(store: any SecretStore, database: StateDatabase, server: String, account: String = SecretAddress.defaultAccount) {
        self.store = store
        self.database = database
        self.server = server
        self.account = account
    }

    private func address(_ field: String) -> SecretAddress {
        SecretAddress(server: server, field: field, account: account)
    }

    /// The stored value of `field`.
    public func value(_ field: String) throws(SecretStoreError) -> String? {
        let value = try store.get(address(field))
        if let value { SecretRedactor.shared.remember(value) }
        return value
    }

    /// The metadata of the stored tokens.
    public func metadata() throws(StateDatabaseError) -> TokenMetadata? {
        try database.tokenMetadata(server: server, account: account)
    }

    /// What a token response is stored with.
    public struct Context: Sendable {
        /// The issuer that granted it.
        public var issuer: String?
        /// The token endpoint that refreshes it.
        public var tokenEndpoint: String?
        /// The revocation endpoint.
        public var revocationEndpoint: String?
        /// The client it was issued to.
        public var clientId: String?
        /// The resource it was requested for.
        public var resource: String?
        /// The scopes requested, used when the response names none.
        public var requestedScopes: [String]
        /// The subject or email, for display.
        public var subject: String?
        /// Whether this is a new login: it replaces the whole token set, so no refresh or id token
        /// and no metadata of the previous session survive. A refresh keeps what it does not replace.
        public var replacesSession: Bool
        /// The refresh token this response was redeemed for, when a refresh stored the new one early.
        public var redeemedRefreshToken: String? = nil

        /// Creates a context.
        public init(issuer: String?, tokenEndpoint: String?, revocationEndpoint: String? = nil, clientId: String?,
                    resource: String? = nil, requestedScopes: [String] = [], subject: String? = nil, replacesSession: Bool = false) {
            self.replacesSession = replacesSession
            self.issuer = issuer
            self.tokenEndpoint = tokenEndpoint
            self.revocationEndpoint = revocationEndpoint
            self.clientId = clientId
            self.resource = resource
            self.requestedScopes = requestedScopes
            self.subject = subject
        }
    }

    /// Stores a token response: refresh token first, then access and id tokens, then metadata.
    ///
    /// A new login (`context.replacesSession`) then deletes a refresh or id token the response
    /// did not renew, so nothing of another session (another issuer, another account) lingers.
    @discardableResult
    public func save(_ tokens: TokenResponse, context: Context, now: Date = Date()) throws -> TokenMetadata {
        let stored = try metadata()
        // A new login replaces the session: the refresh token before it decides nothing.
        let previousRefresh = context.replacesSession ? nil : try context.redeemedRefreshToken ?? value(Field.refreshToken)
        let previous = context.replacesSession ? nil : stored
        let rotated = !context.replacesSession && tokens.refreshToken != nil && previousRefresh != nil && tokens.refreshToken != previousRefresh
        if let refresh = tokens.refreshToken { try store.set(refresh, for: address(Field.refreshToken)) }
        try store.set(tokens.accessToken, for: address(Field.accessToken))
        if let idToken = tokens.idToken { try store.set(idToken, for: address(Field.idToken)) }
        if context.replacesSession {
            if tokens.refreshToken == nil { try store.delete(address(Field.refreshToken)) }
            if tokens.idToken == nil { try store.delete(address(Field.idToken)) }
        }
        let requested: String? = context.requestedScopes.isEmpty ? previous?.scopes : context.requestedScopes.joined(separator: " ")
        let freshRefresh = tokens.refreshToken != nil && (rotated || previousRefresh == nil || context.replacesSession)
        var metadata = TokenMetadata(server: server, account: account, expiresAt: tokens.expiresAt(from: now),
                                     scopes: tokens.scope ?? requested, issuer: context.issuer ?? previous?.issuer,
                                     tokenType: tokens.tokenType, obtainedAt: now)
        metadata.refreshObtainedAt = freshRefresh ? now : previous?.refreshObtainedAt
        metadata.rotationCount = (previous?.rotationCount ?? 0) + (rotated ? 1 : 0)
        metadata.subject = context.subject ?? previous?.subject
        metadata.tokenEndpoint = context.tokenEndpoint ?? previous?.tokenEndpoint
        metadata.revocationEndpoint = context.revocationEndpoint ?? previous?.revocationEndpoint
        metadata.clientId = context.clientId ?? previous?.clientId
        metadata.resource = context.resource ?? previous?.resource
        try database.save(metadata)
        return metadata
    }

    /// The DPoP key the stored tokens are bound to; nil when they are bearer tokens.
    public func dpopKey() throws -> DPoPKey? {
        guard let pem = try store.get(address(Field.dpopKey)) else { return nil }
        return try DPoPKey(pem: pem)
    }

    /// Stores the DPoP key a new session's tokens are bound to, before the tokens themselves.
    public func storeDPoPKey(_ key: DPoPKey?) throws {
        if let key {
            let pem = key.pem
            SecretRedactor.shared.remember(pem)
            try store.set(pem, for: address(Field.dpopKey))
        } else {
            try store.delete(address(Field.dpopKey))
        }
    }

    /// Stores the enterprise identity provider's id_token.
    public func storeIdentityProviderIDToken(_ token: String) throws {
        SecretRedactor.shared.remember(token)
        try store.set(token, for: address(Field.identityProviderIDToken))
    }

    /// Stores a rotated refresh token on its own, the moment a refresh response carries one.
    public func storeRefreshToken(_ token: String) throws {
        SecretRedactor.shared.remember(token)
        try store.set(token, for: address(Field.refreshToken))
    }

    /// Runs `body` holding this server account's cross-process `RefreshLock`: every writer of a
    /// session (login, refresh, rotation) takes it, so no two of them interleave their writes.
    public func whileLocked<T>(_ body: () async throws -> T) async throws -> T {
        let lock = try await RefreshLock.acquire(path: RefreshLock.path(stateDatabase: database.path, server: server, account: account),
                                                 server: server)
        defer { lock.release() }
        return try await body()
    }

    /// Marks the session as needing a new login, once, with the reason.
    public func markLoginRequired(_ reason: String) throws {
        guard var metadata = try metadata() else { return }
        metadata.loginRequired = reason
        try database.save(metadata)
    }

    /// Deletes the tokens and their metadata; returns how many secrets were removed.
    @discardableResult
    public func forget() throws -> Int {
        var removed = 0
        for field in Field.all where try store.delete(address(field)) { removed += 1 }
        try database.deleteTokenMetadata(server: server, account: account)
        return removed
    }
}
