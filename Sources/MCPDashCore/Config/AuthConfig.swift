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
        }
    }

    /// Every method name the config accepts.
    public static let methodNames = ["none", "bearer", "apiKey", "headers", "oauth", "clientCredentials", "deviceCode", "jwt", "hmac"]

    /// True for methods whose token has an expiry that mcpdash tracks.
    public var hasExpiringToken: Bool {
        switch self {
        case .oauth, .clientCredentials, .deviceCode, .jwt: true
        case .none, .bearer, .apiKey, .headers, .hmac: false
        }
    }

    /// The secrets this method's configuration refers to.
    public var secretFields: [SecretField] {
        switch self {
        case .none:
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
            return [SecretField(field: "clientSecret", source: auth.clientSecret)]
                + auth.secretHeaders.sorted { $0.key < $1.key }
                    .map { SecretField(field: SecretField.header($0.key), source: $0.value) }
        case .deviceCode(let auth):
            return auth.clientSecret.map { [SecretField(field: "clientSecret", source: $0)] } ?? []
        case .jwt(let auth):
            return [SecretField(field: "signingKey", source: auth.signingKey)]
        case .hmac(let auth):
            return [SecretField(field: "hmacSecret", source: auth.secret)]
                + (auth.secondarySecret.map { [SecretField(field: "hmacSecret.secondary", source: $0)] } ?? [])
        }
    }
}

/// A static token sent in a header.
public struct BearerAuth: Equatable, Sendable {
    /// The token.
    public var token: SecretSource
    /// The header that carries it; `Authorization` by default.
    public var header: String = "Authorization"
    /// The scheme before the token; `Bearer` by default, empty for a raw token (Eka's direct token).
    public var scheme: String = "Bearer"

    /// Creates bearer settings.
    public init(token: SecretSource, header: String = "Authorization", scheme: String = "Bearer") {
        self.token = token
        self.header = header
        self.scheme = scheme
    }
}

/// An API key in a header, with an optional secondary key (primary/secondary rotation).
public struct APIKeyAuth: Equatable, Sendable {
    /// The header name, such as `X-API-Key`.
    public var header: String = "X-API-Key"
    /// The primary key.
    public var key: SecretSource
    /// The secondary key, tried when the primary is refused.
    public var secondaryKey: SecretSource?

    /// Creates API-key settings.
    public init(header: String = "X-API-Key", key: SecretSource, secondaryKey: SecretSource? = nil) {
        self.header = header
        self.key = key
        self.secondaryKey = secondaryKey
    }
}

/// A set of headers, such as Kailash's multi-tenant `X-API-Key` plus `X-Tenant-ID`.
public struct HeaderSetAuth: Equatable, Sendable {
    /// Headers with plain values.
    public var headers: [String: String]
    /// Headers with secret values.
    public var secretHeaders: [String: SecretSource]

    /// Creates a header set.
    public init(headers: [String: String] = [:], secretHeaders: [String: SecretSource] = [:]) {
        self.headers = headers
        self.secretHeaders = secretHeaders
    }
}

/// How an OAuth client authenticates at the token endpoint (RFC 6749 §2.3, OIDC Core §9).
public enum ClientAuthMethod: String, Equatable, Sendable, CaseIterable {
    /// HTTP Basic with client id and secret.
    case clientSecretBasic = "client_secret_basic"
    /// Client id and secret in the form body.
    case clientSecretPost = "client_secret_post"
    /// A public client: client id only.
    case none = "none"
    /// A JWT signed with the client's private key (RFC 7523).
    case privateKeyJWT = "private_key_jwt"
}

/// Authorization code with PKCE, optionally OIDC.
public struct OAuthAuth: Equatable, Sendable {
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
    /// Whether to send the RFC 8707 `resource` parameter (some IdPs reject it).
    public var sendResource: Bool = true
    /// An authorization server issuer to use instead of discovering one.
    public var authorizationServer: String?

    /// Creates OAuth settings.
    public init(scopes: [String] = [], clientId: String? = nil, clientSecret: SecretSource? = nil,
                clientAuthMethod: ClientAuthMethod? = nil, clientMetadataURL: String? = nil,
                redirectPort: Int? = nil, sendResource: Bool = true, authorizationServer: String? = nil) {
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

/// The client credentials grant, in the three shapes servers ask for.
public struct ClientCredentialsAuth: Equatable, Sendable {
    /// How the credentials are presented at the token endpoint.
    public enum Style: String, Equatable, Sendable, CaseIterable {
        /// HTTP Basic (GekkoVet, Kailash).
        case basic
        /// Form body fields (`client_secret_post`).
        case post
        /// A JSON body `{client_id, client_secret, grant_type}` (Eka).
        case json
    }

    /// The token endpoint.
    public var tokenURL: String
    /// How to send the credentials.
    public var style: Style = .basic
    /// The client id.
    public var clientId: String
    /// The client secret.
    public var clientSecret: SecretSource
    /// Scopes to request.
    public var scopes: [String] = []
    /// Extra headers on the token request whose values are plain.
    public var headers: [String: String] = [:]
    /// Extra headers on the token request whose values are secret (Eka's `X-API-KEY`).
    public var secretHeaders: [String: SecretSource] = [:]

    /// Creates client-credentials settings.
    public init(tokenURL: String, style: Style = .basic, clientId: String, clientSecret: SecretSource,
                scopes: [String] = [], headers: [String: String] = [:], secretHeaders: [String: SecretSource] = [:]) {
        self.tokenURL = tokenURL
        self.style = style
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.headers = headers
        self.secretHeaders = secretHeaders
    }
}

/// The device authorization grant (RFC 8628).
public struct DeviceCodeAuth: Equatable, Sendable {
    /// The client id.
    public var clientId: String?
    /// The client secret, for confidential clients.
    public var clientSecret: SecretSource?
    /// Scopes to request.
    public var scopes: [String] = []
    /// The issuer whose metadata names the endpoints, when not discovered from the server.
    public var issuer: String?
    /// The device authorization endpoint, overriding metadata.
    public var deviceAuthorizationURL: String?
    /// The token endpoint, overriding metadata.
    public var tokenURL: String?

    /// Creates device-code settings.
    public init(clientId: String? = nil, clientSecret: SecretSource? = nil, scopes: [String] = [],
                issuer: String? = nil, deviceAuthorizationURL: String? = nil, tokenURL: String? = nil) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.issuer = issuer
        self.deviceAuthorizationURL = deviceAuthorizationURL
        self.tokenURL = tokenURL
    }
}

/// A JWT that mcpdash mints itself (Kailash's pattern).
public struct SelfSignedJWTAuth: Equatable, Sendable {
    /// Signing algorithms mcpdash can mint with.
    public enum Algorithm: String, Equatable, Sendable, CaseIterable {
        /// HMAC with SHA-256 and a shared secret.
        case hs256 = "HS256"
        /// RSA PKCS#1 v1.5 with SHA-256 and a PEM private key.
        case rs256 = "RS256"
    }

    /// The algorithm.
    public var algorithm: Algorithm = .hs256
    /// The shared secret (HS256) or PEM private key (RS256).
    public var signingKey: SecretSource
    /// Claims added to every token (`sub`, `tenant_id`, `aud`…); `iat` and `exp` are set by mcpdash.
    public var claims: [String: ClaimValue] = [:]
    /// Token lifetime in seconds.
    public var lifetimeSeconds: Int = 3600
    /// The header that carries the token.
    public var header: String = "Authorization"
    /// The scheme before the token.
    public var scheme: String = "Bearer"

    /// Creates self-signed JWT settings.
    public init(algorithm: Algorithm = .hs256, signingKey: SecretSource, claims: [String: ClaimValue] = [:],
                lifetimeSeconds: Int = 3600, header: String = "Authorization", scheme: String = "Bearer") {
        self.algorithm = algorithm
        self.signingKey = signingKey
        self.claims = claims
        self.lifetimeSeconds = lifetimeSeconds
        self.header = header
        self.scheme = scheme
    }
}

/// A JSON value of a configured JWT claim.
public enum ClaimValue: Equatable, Sendable {
    /// A string claim.
    case string(String)
    /// A numeric claim.
    case number(Double)
    /// A boolean claim.
    case bool(Bool)
    /// A list of strings (such as several audiences).
    case strings([String])
}

/// An HMAC-SHA256 request signature (Kailash's pattern).
public struct HMACAuth: Equatable, Sendable {
    /// The shared secret.
    public var secret: SecretSource
    /// A secondary secret, tried when the primary is refused.
    public var secondarySecret: SecretSource?
    /// The header that carries the Unix timestamp.
    public var timestampHeader: String = "X-Timestamp"
    /// The header that carries the hex signature.
    public var signatureHeader: String = "X-Signature"
    /// The signed message; `{timestamp}` and `{body}` are replaced.
    public var message: String = "{timestamp}.{body}"

    /// Creates HMAC settings.
    public init(secret: SecretSource, secondarySecret: SecretSource? = nil, timestampHeader: String = "X-Timestamp",
                signatureHeader: String = "X-Signature", message: String = "{timestamp}.{body}") {
        self.secret = secret
        self.secondarySecret = secondarySecret
        self.timestampHeader = timestampHeader
        self.signatureHeader = signatureHeader
        self.message = message
    }
}
