import Foundation
import MCP

/// The client-credentials grant (RFC 6749 §4.4; the MCP extension SEP-1046) in the shapes
/// servers ask for: HTTP Basic, form post, a `private_key_jwt` client assertion, or Eka's JSON
/// body with extra headers. Without a configured token URL the endpoint is discovered as a
/// browser login would (PRM, then the authorization server's metadata). No refresh token is
/// expected; the broker asks again before expiry.
public struct ClientCredentialsGrant: Sendable {
    /// The server.
    public let server: ServerConfig
    /// Its settings.
    public let auth: ClientCredentialsAuth
    /// Resolves the client secret, the private key and secret headers.
    public let resolver: SecretResolver
    /// Where the token goes.
    public let vault: TokenVault
    /// The MCP server's resource identifier the token is bound to (nil: not bound).
    public let resource: String?

    /// Creates the grant.
    public init(server: ServerConfig, auth: ClientCredentialsAuth, resolver: SecretResolver, vault: TokenVault, resource: String? = nil) {
        self.resource = resource
        self.server = server
        self.auth = auth
        self.resolver = resolver
        self.vault = vault
    }

    /// Requests a token and stores it; `known` is the stored session, whose discovered endpoint is reused.
    public func run(known: TokenMetadata? = nil, now: Date = Date()) async throws -> LoginReport {
        let field = auth.style == .privateKeyJWT ? "privateKey" : "clientSecret"
        guard let source = auth.style == .privateKeyJWT ? auth.privateKey : auth.clientSecret else {
            throw OAuthError(.unsupported, server: server.name, message: "auth.\(field) is not configured",
                             hint: "add \"\(field)\": \"keyring:\" to the server's auth, then mcpdash rotate \(server.name) --field \(field)")
        }
        let secret = try resolver.value(of: source, field: field)
        let endpoint = try await GrantEndpoint.locate(server: server, tokenURL: auth.tokenURL, issuer: auth.issuer, known: known,
                                                      journal: vault.database)
        var headers = auth.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        for (name, source) in auth.secretHeaders.sorted(by: { $0.key < $1.key }) {
            headers.append((name, try resolver.value(of: source, field: SecretField.header(name))))
        }
        let tokens: TokenResponse
        do {
            tokens = try await request(endpoint, secret: secret, headers: headers)
        } catch {
            // A client-credentials client is registered by hand: there is no registration to forget.
            guard error.kind == .invalidClient else { throw error }
            let hint = "the client id or \(auth.style == .privateKeyJWT ? "key" : "secret") is wrong or was revoked: mcpdash rotate \(server.name) --field \(field) stores a new one"
            throw OAuthError(.invalidClient, server: server.name, message: error.message, hint: hint)
        }
        let subject = await TokenClaims.decode(tokens.accessToken).flatMap { $0.subject ?? $0.clientID } ?? auth.clientId
        // Each grant is a new session: no earlier token's refresh token or metadata survives it.
        let saved = try vault.save(tokens, context: .init(issuer: endpoint.issuer, tokenEndpoint: endpoint.tokenURL, clientId: auth.clientId,
                                                          resource: resource, requestedScopes: auth.scopes, subject: subject,
                                                          replacesSession: true), now: now)
        return LoginReport(server: server.name, account: vault.account, grant: .clientCredentials, issuer: endpoint.issuer, client: "static",
                           subject: subject, scopes: saved.scopes, expiresAt: saved.expiresAt, refreshable: tokens.refreshToken != nil)
    }

    /// The token request in the configured shape.
    private func request(_ endpoint: GrantEndpoint, secret: String, headers: [(String, String)]) async throws(OAuthError) -> TokenResponse {
        var grant: [(String, String)] = [("grant_type", "client_credentials")]
        if !auth.scopes.isEmpty { grant.append(("scope", auth.scopes.joined(separator: " "))) }
        switch auth.style {
        case .json:
            var body: [String: Value] = ["client_id": .string(auth.clientId), "client_secret": .string(secret),
                                         "grant_type": "client_credentials"]
            if !auth.scopes.isEmpty { body["scope"] = .string(auth.scopes.joined(separator: " ")) }
            return try await TokenEndpoint.requestJSON(endpoint.tokenURL, body: body, headers: headers, server: server.name)
        case .basic, .post, .privateKeyJWT:
            if auth.sendResource, let resource { grant.append(("resource", resource)) }
            var client: ClientIdentity
            switch auth.style {
            case .privateKeyJWT:
                client = ClientIdentity(clientId: auth.clientId, secret: secret, method: .privateKeyJWT,
                                        kind: .preRegistered)
                client.signingAlgorithm = auth.signingAlgorithm
                client.assertionAudience = endpoint.issuer
            default:
                client = ClientIdentity(clientId: auth.clientId, secret: secret,
                                        method: auth.style == .basic ? .clientSecretBasic : .clientSecretPost, kind: .preRegistered)
            }
            return try await TokenEndpoint.request(endpoint.tokenURL, grant: grant, client: client, headers: headers, server: server.name)
        }
    }
}
