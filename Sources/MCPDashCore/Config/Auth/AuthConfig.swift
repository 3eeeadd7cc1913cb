/// How mcpdash authenticates to one server.
///
/// Every method of the product brief is modelled here; the flows themselves live in the
/// auth engine.
public enum AuthConfig: Equatable, Sendable {
    /// No credential (local servers, "open mode").
    case none
    /// A static token in `Authorization` (or another header), with a scheme such as `Bearer`.
    case bearer(BearerAuth)
    /// An API key in a configurable header, optionally with a secondary key for rotation.
    case apiKey(APIKeyAuth)
    /// An arbitrary set of headers, some of them secret.
    case headers(HeaderSetAuth)
    /// OAuth 2.1 authorization code with PKCE (and OIDC when `openid` is in scope).
    case oauth(OAuthAuth)
    /// OAuth client credentials grant (Basic, form post, or JSON body).
    case clientCredentials(ClientCredentialsAuth)
    /// OAuth device authorization grant (RFC 8628), for hosts without a browser.
    case deviceCode(DeviceCodeAuth)
    /// A JWT minted and signed by mcpdash itself.
    case jwt(SelfSignedJWTAuth)
    /// An HMAC signature over timestamp and body, sent in headers.
    case hmac(HMACAuth)
    /// A JWT the platform gives the workload, exchanged by the jwt-bearer grant (SEP-1933).
    case workloadIdentity(WorkloadIdentityAuth)
    /// An enterprise IdP login exchanged for the MCP server's token (SEP-990).
    case enterprise(EnterpriseAuth)

    /// The method's config name, as written in `auth.method`.
    public var methodName: String {
        switch self {
        case .none: "none"
        case .bearer: "bearer"
        case .apiKey: "apiKey"
        case .headers: "headers"
        case .oauth: "oauth"
        case .clientCredentials: "clientCredentials"
        case .deviceCode: "deviceCode"
        case .jwt: "jwt"
        case .hmac: "hmac"
        case .workloadIdentity: "workloadIdentity"
        case .enterprise: "enterprise"
        }
    }

    /// Every method name the config accepts.
    public static let methodNames = ["none", "bearer", "apiKey", "headers", "oauth", "clientCredentials", "deviceCode", "jwt", "hmac", "workloadIdentity", "enterprise"]

    /// True for methods whose token has an expiry that mcpdash tracks.
    public var hasExpiringToken: Bool {
        switch self {
        case .oauth, .clientCredentials, .deviceCode, .jwt, .workloadIdentity, .enterprise: true
        case .none, .bearer, .apiKey, .headers, .hmac: false
        }
    }

    /// True for methods whose tokens come from an authorization server's token endpoint (login, refresh, revoke).
    public var usesTokenEndpoint: Bool {
        switch self {
        case .oauth, .clientCredentials, .deviceCode, .workloadIdentity, .enterprise: true
        case .none, .bearer, .apiKey, .headers, .jwt, .hmac: false
        }
    }

    /// The secrets this method's configuration refers to.
    public var secretFields: [SecretField] {
        switch self {
        case .none, .workloadIdentity:
            return []
        case .bearer(let auth):
            return [SecretField(field: "token", source: auth.token)]
        case .apiKey(let auth):
            return [SecretField(field: "apiKey", source: auth.key)]
                + (auth.secondaryKey.map { [SecretField(field: "apiKey.secondary", source: $0)] } ?? [])
        case .headers(let auth):
            return auth.secretHeaders.sorted { $0.key < $1.key }
                .map { SecretField(field: SecretField.header($0.key), source: $0.value) }
        case .oauth(let auth):
            return auth.clientSecret.map { [SecretField(field: "clientSecret", source: $0)] } ?? []
        case .clientCredentials(let auth):
            return (auth.clientSecret.map { [SecretField(field: "clientSecret", source: $0)] } ?? [])
                + (auth.privateKey.map { [SecretField(field: "privateKey", source: $0)] } ?? [])
                + auth.secretHeaders.sorted { $0.key < $1.key }
                    .map { SecretField(field: SecretField.header($0.key), source: $0.value) }
        case .deviceCode(let auth):
            return auth.clientSecret.map { [SecretField(field: "clientSecret", source: $0)] } ?? []
        case .jwt(let auth):
            return [SecretField(field: "signingKey", source: auth.signingKey)]
        case .enterprise(let auth):
            return (auth.clientSecret.map { [SecretField(field: "clientSecret", source: $0)] } ?? [])
                + (auth.idp.clientSecret.map { [SecretField(field: "idp.clientSecret", source: $0)] } ?? [])
        case .hmac(let auth):
            return [SecretField(field: "hmacSecret", source: auth.secret)]
                + (auth.secondarySecret.map { [SecretField(field: "hmacSecret.secondary", source: $0)] } ?? [])
        }
    }
}
