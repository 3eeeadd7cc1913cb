/// Authorization code with PKCE, optionally OIDC.
public struct OAuthAuth: Equatable, Sendable {
    /// The hosts a loopback redirect URI may name (RFC 8252 §7.3).
    public static let redirectHosts = ["127.0.0.1", "localhost"]

    /// Scopes to request; empty means "as the spec chooses" (challenge, then PRM).
    public var scopes: [String] = []
    /// A pre-registered client id.
    public var clientId: String?
    /// The pre-registered client's secret.
    public var clientSecret: SecretSource?
    /// How the client authenticates at the token endpoint.
    public var clientAuthMethod: ClientAuthMethod?
    /// An HTTPS URL of a Client ID Metadata Document to use as `client_id`.
    public var clientMetadataURL: String?
    /// A fixed loopback port for the redirect URI (MCPOmni uses 3000); ephemeral when nil.
    public var redirectPort: Int?
    /// The redirect URI's host name: `127.0.0.1` (the default) or `localhost`, as the IdP registered it.
    public var redirectHost: String = "127.0.0.1"
    /// Whether to send the RFC 8707 `resource` parameter (some IdPs reject it).
    public var sendResource: Bool = true
    /// An authorization server issuer to use instead of discovering one.
    public var authorizationServer: String?

    /// Creates OAuth settings.
    public init(scopes: [String] = [], clientId: String? = nil, clientSecret: SecretSource? = nil,
                clientAuthMethod: ClientAuthMethod? = nil, clientMetadataURL: String? = nil,
                redirectPort: Int? = nil, redirectHost: String = "127.0.0.1", sendResource: Bool = true, authorizationServer: String? = nil) {
        self.redirectHost = redirectHost
        self.scopes = scopes
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.clientAuthMethod = clientAuthMethod
        self.clientMetadataURL = clientMetadataURL
        self.redirectPort = redirectPort
        self.sendResource = sendResource
        self.authorizationServer = authorizationServer
    }
}
