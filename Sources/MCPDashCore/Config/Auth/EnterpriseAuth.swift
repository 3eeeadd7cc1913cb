/// Enterprise-managed authorization (SEP-990): the operator logs in once at the company's
/// identity provider; its id_token is exchanged there for an ID-JAG (RFC 8693), which the MCP
/// server's authorization server redeems by the jwt-bearer grant (RFC 7523).
public struct EnterpriseAuth: Equatable, Sendable {
    /// The enterprise identity provider (an OIDC provider).
    public struct IdentityProvider: Equatable, Sendable {
        /// Its issuer; its metadata is read from the OIDC well-known.
        public var issuer: String
        /// mcpdash's client id there.
        public var clientId: String
        /// The client's secret, for a confidential client.
        public var clientSecret: SecretSource?
        /// Scopes of the IdP login; `openid` is always among them.
        public var scopes: [String] = ["openid", "email"]
        /// A fixed loopback port for the redirect URI, where the IdP registered one.
        public var redirectPort: Int?

        /// Creates IdP settings.
        public init(issuer: String, clientId: String, clientSecret: SecretSource? = nil, scopes: [String] = ["openid", "email"],
                    redirectPort: Int? = nil) {
            self.issuer = issuer
            self.clientId = clientId
            self.clientSecret = clientSecret
            self.scopes = scopes
            self.redirectPort = redirectPort
        }
    }

    /// The identity provider.
    public var idp: IdentityProvider
    /// mcpdash's client id at the MCP server's authorization server.
    public var clientId: String
    /// Its secret there (HTTP Basic), for a confidential client.
    public var clientSecret: SecretSource?
    /// Scopes to request for the MCP server.
    public var scopes: [String] = []
    /// The MCP server's authorization server, instead of the one its PRM names.
    public var authorizationServer: String?

    /// Creates enterprise settings.
    public init(idp: IdentityProvider, clientId: String, clientSecret: SecretSource? = nil, scopes: [String] = [],
                authorizationServer: String? = nil) {
        self.idp = idp
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.authorizationServer = authorizationServer
    }
}
