import Foundation

/// Enterprise-managed authorization (SEP-990; the Identity Assertion JWT Authorization Grant).
///
/// Login: an OIDC browser login at the enterprise IdP (PKCE, `state`, `nonce`, `iss`, the
/// id_token verified against the IdP's keys); then, at the IdP, an RFC 8693 token exchange of
/// that id_token for an ID-JAG whose audience is the MCP server's authorization server and
/// whose resource is the MCP server; then the RFC 7523 jwt-bearer grant of the ID-JAG there.
/// The id_token is kept in the secret store, so a new access token needs no browser until
/// the id_token itself expires.
public struct EnterpriseGrant: Sendable {
    /// The token-exchange grant type (RFC 8693 §2.1).
    public static let tokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange"
    /// The ID-JAG token type (SEP-990).
    public static let idJAG = "urn:ietf:params:oauth:token-type:id-jag"
    /// The id_token token type (RFC 8693 §3).
    public static let idTokenType = "urn:ietf:params:oauth:token-type:id_token"

    /// The MCP server.
    public let server: ServerConfig
    /// Its settings.
    public let auth: EnterpriseAuth
    /// Resolves the client secrets.
    public let resolver: SecretResolver
    /// Where the tokens go.
    public let vault: TokenVault

    /// Creates the grant.
    public init(server: ServerConfig, auth: EnterpriseAuth, resolver: SecretResolver, vault: TokenVault) {
        self.server = server
        self.auth = auth
        self.resolver = resolver
        self.vault = vault
    }

    /// The browser login at the IdP, then the exchange and the grant; progress goes to `progress`.
    public func login(options: LoginOptions, progress: LoginProgress) async throws -> LoginReport {
        let discovery = try await AuthDiscovery.discover(server, issuer: auth.authorizationServer, journal: vault.database)
        let idp = try await AuthDiscovery.metadata(issuer: auth.idp.issuer, server: server.name)
        progress(.discovered(issuer: idp.issuer))
        guard idp.codeChallengeMethods.contains("S256"), let authorize = idp.authorizationEndpoint, let idpToken = idp.tokenEndpoint else {
            throw OAuthError(.pkceUnsupported, server: server.name,
                             message: "the identity provider \(idp.issuer) must offer an authorization endpoint, a token endpoint and PKCE S256")
        }
        if let refusal = OriginPolicy.outboundRefusal(authorize) ?? OAuthHTTP.insecurity(of: idpToken) {
            throw OAuthError(.insecureEndpoint, server: server.name, message: "the metadata of \(idp.issuer) was refused: \(refusal)")
        }
        let listener = try await LoopbackCallbackListener.start(port: options.redirectPort ?? auth.idp.redirectPort,
                                                                host: options.redirectHost ?? "127.0.0.1", server: server.name)
        let trip: BrowserAuthorization.Result
        do {
            trip = try await BrowserAuthorization.run(server: server.name, account: vault.account, journal: vault.database, metadata: idp,
                                                      authorizationEndpoint: authorize, clientId: auth.idp.clientId, scopes: auth.idp.scopes,
                                                      resource: nil, oidc: true, listener: listener, options: options, progress: progress)
            await listener.close()
        } catch {
            await listener.close()
            throw error
        }
        progress(.exchanging)
        let client = try idpClient()
        let tokens = try await TokenEndpoint.request(idpToken, grant: [("grant_type", "authorization_code"), ("code", trip.code),
                                                                       ("redirect_uri", listener.redirectURI), ("code_verifier", trip.pkce.verifier)],
                                                     client: client, server: server.name)
        guard let idToken = tokens.idToken else {
            throw OAuthError(.idTokenInvalid, server: server.name, message: "the identity provider \(idp.issuer) sent no id_token")
        }
        let claims = try await IDTokenVerifier.verify(idToken, metadata: idp, clientId: auth.idp.clientId, nonce: trip.nonce, server: server.name)
        return try await vault.whileLocked {
            try vault.storeIdentityProviderIDToken(idToken)
            return try await redeem(idToken: idToken, idp: idp, discovery: discovery, subject: claims.email ?? claims.sub.value)
        }
    }

    /// A new access token from the stored id_token, without a browser; login required once it has expired.
    public func renew(current: TokenMetadata?, margin: TimeInterval, now: Date = Date()) async throws -> LoginReport {
        guard let idToken = try vault.value(TokenVault.Field.identityProviderIDToken) else {
            throw OAuthError(.loginRequired, server: server.name, message: "no identity-provider login is stored", hint: "mcpdash login \(server.name)")
        }
        if let expiry = await TokenClaims.decode(idToken)?.expiresAt, expiry.timeIntervalSince(now) <= margin {
            throw OAuthError(.loginRequired, server: server.name, message: "the identity provider's login (its id_token) has expired",
                             hint: "mcpdash login \(server.name)")
        }
        let discovery = try await AuthDiscovery.discover(server, issuer: auth.authorizationServer, journal: vault.database)
        let idp = try await AuthDiscovery.metadata(issuer: auth.idp.issuer, server: server.name)
        return try await redeem(idToken: idToken, idp: idp, discovery: discovery, subject: current?.subject, now: now)
    }

    /// The exchange at the IdP, then the jwt-bearer grant at the MCP server's authorization server.
    private func redeem(idToken: String, idp: AuthorizationServerMetadata, discovery: AuthDiscovery.Result, subject: String?,
                        now: Date = Date()) async throws -> LoginReport {
        guard let idpToken = idp.tokenEndpoint, let mcpToken = discovery.metadata.tokenEndpoint else {
            throw OAuthError(.discovery, server: server.name, message: "a token endpoint is missing from the metadata")
        }
        if let refusal = OAuthHTTP.insecurity(of: mcpToken) {
            throw OAuthError(.insecureEndpoint, server: server.name, message: "the metadata of \(discovery.metadata.issuer) was refused: \(refusal)")
        }
        var exchange: [(String, String)] = [("grant_type", Self.tokenExchange), ("requested_token_type", Self.idJAG),
                                            ("subject_token", idToken), ("subject_token_type", Self.idTokenType),
                                            ("audience", discovery.metadata.issuer), ("resource", discovery.resource)]
        if !auth.scopes.isEmpty { exchange.append(("scope", auth.scopes.joined(separator: " "))) }
        let jag = try await TokenEndpoint.request(idpToken, grant: exchange, client: try idpClient(), server: server.name)
        var grant: [(String, String)] = [("grant_type", WorkloadIdentityGrant.grantType), ("assertion", jag.accessToken)]
        if !auth.scopes.isEmpty { grant.append(("scope", auth.scopes.joined(separator: " "))) }
        let secret = try auth.clientSecret.map { try resolver.value(of: $0, field: "clientSecret") }
        let client = ClientIdentity(clientId: auth.clientId, secret: secret, method: secret == nil ? .none : .clientSecretBasic, kind: .preRegistered)
        let tokens: TokenResponse
        do {
            tokens = try await TokenEndpoint.request(mcpToken, grant: grant, client: client, server: server.name)
        } catch {
            guard error.kind == .invalidClient else { throw error }
            throw OAuthError(.invalidClient, server: server.name, message: error.message,
                             hint: "the client id or secret at \(discovery.metadata.issuer) is wrong: mcpdash rotate \(server.name) --field clientSecret stores a new one")
        }
        let saved = try vault.save(tokens, context: .init(issuer: discovery.metadata.issuer, tokenEndpoint: mcpToken,
                                                          revocationEndpoint: discovery.metadata.revocationEndpoint, clientId: auth.clientId,
                                                          resource: discovery.resource, requestedScopes: auth.scopes, subject: subject,
                                                          replacesSession: true), now: now)
        _ = try? vault.database.append(JournalEvent(server: server.name, account: vault.account, operation: .login, outcome: .info,
                                                    message: "exchanged the \(idp.issuer) login for an ID-JAG, redeemed at \(discovery.metadata.issuer)"))
        return LoginReport(server: server.name, account: vault.account, grant: .enterprise, issuer: discovery.metadata.issuer,
                           client: "static", subject: subject, scopes: saved.scopes, expiresAt: saved.expiresAt, refreshable: false)
    }

    /// mcpdash's client at the IdP: public, or confidential by HTTP Basic.
    private func idpClient() throws -> ClientIdentity {
        let secret = try auth.idp.clientSecret.map { try resolver.value(of: $0, field: "idp.clientSecret") }
        return ClientIdentity(clientId: auth.idp.clientId, secret: secret, method: secret == nil ? .none : .clientSecretBasic, kind: .preRegistered)
    }
}
