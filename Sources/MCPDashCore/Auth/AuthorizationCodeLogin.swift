import Foundation
import MCP

/// The browser login: authorization code with PKCE S256, `state`, `nonce` for OIDC, RFC 8707
/// `resource` and the RFC 9207 `iss` check, received by a loopback listener.
public struct AuthorizationCodeLogin: Sendable {
    /// The server logging in.
    public let server: ServerConfig
    /// Its OAuth settings.
    public let auth: OAuthAuth
    /// Its token vault.
    public let vault: TokenVault
    /// Its client registrar.
    public let registrar: ClientRegistrar

    /// Creates the login of `server`.
    public init(server: ServerConfig, auth: OAuthAuth, vault: TokenVault, registrar: ClientRegistrar) {
        self.server = server
        self.auth = auth
        self.vault = vault
        self.registrar = registrar
    }

    /// The scopes to request (MCP spec): the challenge's, else the PRM's; configured ones are
    /// added to a challenge's, never replace them (the server said what this operation needs).
    public static func scopes(configured: [String], challenged: [String], supported: [String]) -> [String] {
        if !configured.isEmpty { return ScopeStepUp.union(configured, challenged) }
        if !challenged.isEmpty { return challenged }
        return supported
    }

    /// `scopes` plus `offline_access` where the authorization server lists it and issues refresh
    /// tokens (SEP-2207): the session then survives the access token. Never added alone, and
    /// never where the server does not list it.
    public static func withOfflineAccess(_ scopes: [String], metadata: AuthorizationServerMetadata) -> [String] {
        guard !scopes.isEmpty, !scopes.contains(Self.offlineAccess), metadata.scopesSupported.contains(Self.offlineAccess),
              metadata.grantTypesSupported.isEmpty || metadata.grantTypesSupported.contains("refresh_token") else { return scopes }
        return scopes + [Self.offlineAccess]
    }

    /// Whether `metadata` is an OpenID provider's: it publishes keys to verify id_tokens, and
    /// does not leave `openid` out of the scopes it lists.
    public static func isOpenIDProvider(_ metadata: AuthorizationServerMetadata) -> Bool {
        metadata.jwksURI != nil && (metadata.scopesSupported.isEmpty || metadata.scopesSupported.contains("openid"))
    }

    /// The scope that asks for a refresh token (OIDC Core §11, SEP-2207).
    public static let offlineAccess = "offline_access"

    /// Runs the login; progress goes to `progress`.
    public func run(options: LoginOptions, progress: LoginProgress) async throws -> LoginReport {
        let journal = vault.database
        let discovery = try await AuthDiscovery.discover(server, issuer: auth.authorizationServer, journal: journal)
        let metadata = discovery.metadata
        progress(.discovered(issuer: metadata.issuer))
        guard metadata.codeChallengeMethods.contains("S256") else {
            throw OAuthError(.pkceUnsupported, server: server.name,
                             message: "\(metadata.issuer) does not advertise PKCE S256 (code_challenge_methods_supported: \(metadata.codeChallengeMethods.isEmpty ? "absent" : metadata.codeChallengeMethods.joined(separator: ", "))); mcpdash refuses to log in without it")
        }
        guard let authorizationEndpoint = metadata.authorizationEndpoint, let tokenEndpoint = metadata.tokenEndpoint else {
            throw OAuthError(.discovery, server: server.name, message: "the metadata of \(metadata.issuer) names no authorization or token endpoint")
        }
        // The authorization endpoint goes to a browser: https (or loopback http) only, never an option or a file.
        if let refusal = OriginPolicy.outboundRefusal(authorizationEndpoint) ?? OAuthHTTP.insecurity(of: tokenEndpoint) {
            throw OAuthError(.insecureEndpoint, server: server.name, message: "the metadata of \(metadata.issuer) was refused: \(refusal)")
        }
        let stepUp = ScopeStepUp.additionalScopes(server: server.name, account: vault.account, database: vault.database)
        var scopes = Self.withOfflineAccess(ScopeStepUp.union(Self.scopes(configured: ScopeStepUp.union(auth.scopes, options.scopes),
                                                                          challenged: discovery.challengedScopes,
                                                                          supported: discovery.supportedScopes), stepUp),
                                            metadata: metadata)
        // openid asked of a server that is no OpenID provider would fail after the browser step
        // (no id_token, or none that can be verified): log in with plain OAuth and say so.
        var warnings: [String] = []
        if scopes.contains("openid"), !Self.isOpenIDProvider(metadata) {
            scopes.removeAll { $0 == "openid" }
            let warning = "\(metadata.issuer) is not an OpenID provider (no jwks_uri, or openid not in its scopes_supported); logging in with plain OAuth, without openid"
            warnings.append(warning)
            _ = try? vault.database.append(JournalEvent(server: server.name, account: vault.account, operation: .login, outcome: .info, message: warning))
        }
        let listener = try await startListener(issuer: metadata.issuer, options: options)
        do {
            var report = try await authorize(discovery: discovery, authorizationEndpoint: authorizationEndpoint, tokenEndpoint: tokenEndpoint,
                                             scopes: scopes, listener: listener, options: options, progress: progress)
            report.warnings += warnings
            await listener.close()
            return report
        } catch {
            await listener.close()
            throw error
        }
    }

    /// The configured port; else the port registered with this issuer (so the registration fits); else any.
    private func startListener(issuer: String, options: LoginOptions) async throws(OAuthError) -> LoopbackCallbackListener {
        let host = options.redirectHost ?? auth.redirectHost
        if let port = options.redirectPort ?? auth.redirectPort {
            return try await LoopbackCallbackListener.start(port: port, host: host, server: server.name)
        }
        if let port = registrar.registeredPort(issuer: issuer),
           let listener = try? await LoopbackCallbackListener.start(port: port, host: host, server: server.name) {
            return listener
        }
        return try await LoopbackCallbackListener.start(port: nil, host: host, server: server.name)
    }

    private func authorize(discovery: AuthDiscovery.Result, authorizationEndpoint: String, tokenEndpoint: String, scopes: [String],
                           listener: LoopbackCallbackListener, options: LoginOptions, progress: LoginProgress) async throws -> LoginReport {
        let metadata = discovery.metadata
        let journal = vault.database
        let obtained = try await registrar.identity(for: auth, metadata: metadata, redirectURI: listener.redirectURI, scopes: scopes, journal: journal)
        let client = obtained.identity
        let oidc = scopes.contains("openid")
        // A new registration is kept (a keyring item, a row) while the browser starts, and kept
        // before the code is redeemed: a failure to keep it ends the login there.
        let kept = Task { try obtained.keep?() }
        let trip: BrowserAuthorization.Result
        do {
            trip = try await BrowserAuthorization.run(server: server.name, account: vault.account, journal: journal, metadata: metadata,
                                                      authorizationEndpoint: authorizationEndpoint, clientId: client.clientId, scopes: scopes,
                                                      resource: auth.sendResource ? discovery.resource : nil, oidc: oidc,
                                                      listener: listener, options: options, progress: progress)
        } catch {
            _ = await kept.result
            throw error
        }
        try await kept.value
        let (code, pkce, nonce) = (trip.code, trip.pkce, trip.nonce)
        progress(.exchanging)
        var grant: [(String, String)] = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", listener.redirectURI),
                                         ("code_verifier", pkce.verifier)]
        if auth.sendResource { grant.append(("resource", discovery.resource)) }
        // The code is redeemed and the session written under the refresh lock, so a refresh in
        // another process cannot write an older session over this one.
        return try await vault.whileLocked {
            try await redeem(grant: grant, tokenEndpoint: tokenEndpoint, client: client, metadata: metadata, nonce: nonce, oidc: oidc,
                             resource: discovery.resource, scopes: scopes)
        }
    }

    private func redeem(grant: [(String, String)], tokenEndpoint: String, client: ClientIdentity, metadata: AuthorizationServerMetadata,
                        nonce: String?, oidc: Bool, resource: String, scopes: [String]) async throws -> LoginReport {
        // DPoP where the server offers ES256 (RFC 9449 §5.1): a new key for the new session,
        // kept only if the server really bound the tokens to it.
        let dpop = metadata.dpopSigningAlgorithms.contains(DPoPKey.algorithm) ? DPoPKey() : nil
        let tokens = try await TokenEndpoint.request(tokenEndpoint, grant: grant, client: client, dpop: dpop, server: server.name)
        try vault.storeDPoPKey(tokens.isDPoPBound ? dpop : nil)
        var subject: String? = nil
        var verifiedSubject: String? = nil
        if let idToken = tokens.idToken {
            let claims = try await IDTokenVerifier.verify(idToken, metadata: metadata, clientId: client.clientId, nonce: nonce, server: server.name)
            subject = claims.email ?? claims.sub.value
            verifiedSubject = claims.sub.value
        } else if oidc {
            throw OAuthError(.idTokenInvalid, server: server.name, message: "openid was requested but the token response has no id_token")
        }
        if oidc, let userinfo = metadata.userinfoEndpoint,
           let response = try? await OAuthHTTP.get(userinfo, bearer: tokens.accessToken, server: server.name), response.status == 200 {
            // OIDC Core §5.3.2: userinfo about another subject than the id_token's must not be used.
            if response.object?["sub"]?.stringValue == verifiedSubject {
                subject = response.object?["email"]?.stringValue ?? subject
            } else {
                _ = try? vault.database.append(JournalEvent(server: server.name, account: vault.account, operation: .login, outcome: .info,
                                                            message: "the userinfo answer names another subject than the id_token; it was not used"))
            }
        }
        if subject == nil, let claims = await TokenClaims.decode(tokens.accessToken) { subject = claims.email ?? claims.subject }
        let saved = try vault.save(tokens, context: .init(issuer: metadata.issuer, tokenEndpoint: tokenEndpoint,
                                                          revocationEndpoint: metadata.revocationEndpoint, clientId: client.clientId,
                                                          resource: resource, requestedScopes: scopes, subject: subject,
                                                          replacesSession: true))
        let granted = Set((saved.scopes ?? "").split(separator: " " as Character).map(String.init))
        var report = LoginReport(server: server.name, account: vault.account, grant: .authorizationCode, issuer: metadata.issuer,
                                 client: client.kind.rawValue, subject: subject, scopes: saved.scopes, expiresAt: saved.expiresAt,
                                 refreshable: tokens.refreshToken != nil)
        report.notGranted = scopes.filter { !granted.contains($0) && $0 != Self.offlineAccess }
        return report
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}
