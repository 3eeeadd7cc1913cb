/// A JWT that mcpdash mints itself (Kailash's pattern).
public struct SelfSignedJWTAuth: Equatable, Sendable {
    /// Signing algorithms mcpdash can mint with.
    public enum Algorithm: String, Equatable, Sendable, CaseIterable {
        /// HMAC with SHA-256 and a shared secret.
        case hs256 = "HS256"
        /// RSA PKCS#1 v1.5 with SHA-256 and a PEM private key.
        case rs256 = "RS256"
        /// ECDSA on P-256 with SHA-256 and a PEM private key (SEC 1 or PKCS#8).
        case es256 = "ES256"
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
