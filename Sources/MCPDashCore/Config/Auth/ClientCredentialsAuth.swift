/// The client credentials grant (RFC 6749 §4.4), in the shapes servers ask for.
public struct ClientCredentialsAuth: Equatable, Sendable {
    /// How the client authenticates at the token endpoint.
    public enum Style: String, Equatable, Sendable, CaseIterable {
        /// HTTP Basic (GekkoVet, Kailash; `client_secret_basic`).
        case basic
        /// Form body fields (`client_secret_post`).
        case post
        /// A JSON body `{client_id, client_secret, grant_type}` (Eka).
        case json
        /// A client assertion signed with the client's private key (`private_key_jwt`, RFC 7523 §2.2; SEP-1046).
        case privateKeyJWT = "privatekeyjwt"
    }

    /// The token endpoint; when nil, found through the server's metadata (PRM, then RFC 8414).
    public var tokenURL: String?
    /// The authorization server's issuer: the audience of a client assertion, and where to look
    /// for metadata when neither `tokenURL` nor PRM names it.
    public var issuer: String?
    /// How to send the credentials.
    public var style: Style = .basic
    /// The client id.
    public var clientId: String
    /// The client secret (every style but `privateKeyJWT`).
    public var clientSecret: SecretSource?
    /// The PEM private key that signs client assertions (`privateKeyJWT`).
    public var privateKey: SecretSource?
    /// The assertion's algorithm: ES256 (P-256) or RS256.
    public var signingAlgorithm: SelfSignedJWTAuth.Algorithm = .es256
    /// Scopes to request.
    public var scopes: [String] = []
    /// Whether to send the RFC 8707 `resource` parameter (form styles; some servers reject it).
    public var sendResource: Bool = true
    /// Extra headers on the token request whose values are plain.
    public var headers: [String: String] = [:]
    /// Extra headers on the token request whose values are secret (Eka's `X-API-KEY`).
    public var secretHeaders: [String: SecretSource] = [:]

    /// Creates client-credentials settings.
    public init(tokenURL: String?, issuer: String? = nil, style: Style = .basic, clientId: String, clientSecret: SecretSource?,
                privateKey: SecretSource? = nil, signingAlgorithm: SelfSignedJWTAuth.Algorithm = .es256, scopes: [String] = [],
                sendResource: Bool = true, headers: [String: String] = [:], secretHeaders: [String: SecretSource] = [:]) {
        self.tokenURL = tokenURL
        self.issuer = issuer
        self.style = style
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.privateKey = privateKey
        self.signingAlgorithm = signingAlgorithm
        self.scopes = scopes
        self.sendResource = sendResource
        self.headers = headers
        self.secretHeaders = secretHeaders
    }
}
