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
