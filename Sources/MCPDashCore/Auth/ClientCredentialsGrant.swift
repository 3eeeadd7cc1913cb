import Foundation
import MCP

/// The client-credentials grant (RFC 6749 §4.4) in the shapes servers ask for: HTTP Basic,
/// form post, or Eka's JSON body with extra headers. No refresh token is expected; the broker
/// asks again before expiry.
public struct ClientCredentialsGrant: Sendable {
    /// The server.
    public let server: String
    /// Its settings.
    public let auth: ClientCredentialsAuth
    /// Resolves the client secret and secret headers.
    public let resolver: SecretResolver
    /// Where the token goes.
    public let vault: TokenVault
    /// The MCP server's resource identifier the token is bound to (nil: not bound).
    public let resource: String?

    /// Creates the grant.
    public init(server: String, auth: ClientCredentialsAuth, resolver: SecretResolver, vault: TokenVault, resource: String? = nil) {
        self.resource = resource
        self.server = server
        self.auth = auth
        self.resolver = resolver
        self.vault = vault
    }

    /// Requests a token and stores it.
    public func run(now: Date = Date()) async throws -> LoginReport {
        let secret = try resolver.value(of: auth.clientSecret, field: "clientSecret")
        var headers = auth.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        for (name, source) in auth.secretHeaders.sorted(by: { $0.key < $1.key }) {
            headers.append((name, try resolver.value(of: source, field: SecretField.header(name))))
        }
        let tokens: TokenResponse
        do {
            tokens = try await request(secret: secret, headers: headers)
        } catch {
            // A client-credentials client is registered by hand: there is no registration to forget.
            guard error.kind == .invalidClient else { throw error }
            let hint = "the client id or secret is wrong or was revoked: mcpdash rotate \(server) --field clientSecret stores a new one"
            throw OAuthError(.invalidClient, server: server, message: error.message, hint: hint)
        }
        let subject = await TokenClaims.decode(tokens.accessToken).flatMap { $0.subject ?? $0.clientID } ?? auth.clientId
        // Each grant is a new session: no earlier token's refresh token or metadata survives it.
        let saved = try vault.save(tokens, context: .init(issuer: nil, tokenEndpoint: auth.tokenURL, clientId: auth.clientId, resource: resource,
                                                          requestedScopes: auth.scopes, subject: subject, replacesSession: true), now: now)
        return LoginReport(server: server, account: vault.account, grant: "client_credentials", issuer: nil, client: "static",
                           subject: subject, scopes: saved.scopes, expiresAt: saved.expiresAt, refreshable: tokens.refreshToken != nil)
    }

    /// The token request in the configured shape.
    private func request(secret: String, headers: [(String, String)]) async throws(OAuthError) -> TokenResponse {
        switch auth.style {
        case .json:
            var body: [String: Value] = ["client_id": .string(auth.clientId), "client_secret": .string(secret), "grant_type": "client_credentials"]
            if !auth.scopes.isEmpty { body["scope"] = .string(auth.scopes.joined(separator: " ")) }
            return try await TokenEndpoint.requestJSON(auth.tokenURL, body: body, headers: headers, server: server)
        case .basic, .post:
            var grant: [(String, String)] = [("grant_type", "client_credentials")]
            if !auth.scopes.isEmpty { grant.append(("scope", auth.scopes.joined(separator: " "))) }
            let client = ClientIdentity(clientId: auth.clientId, secret: secret, method: auth.style == .basic ? .clientSecretBasic : .clientSecretPost,
                                        kind: .preRegistered)
            return try await TokenEndpoint.request(auth.tokenURL, grant: grant, client: client, headers: headers, server: server)
        }
    }
}
