/// Why an OAuth or OIDC operation failed: one line for the operator, a hint, and never a secret.
public struct OAuthError: Error, Equatable, Sendable, UserFacingError {
    /// What kind of failure it was.
    public enum Kind: String, Equatable, Sendable {
        /// No authorization server could be found or its metadata was unusable.
        case discovery
        /// Metadata claimed another issuer than the one its URL was built from.
        case issuerMismatch
        /// An authorization-server endpoint is plain http on a remote host.
        case insecureEndpoint
        /// The server does not advertise PKCE S256.
        case pkceUnsupported
        /// Dynamic Client Registration was refused (often the redirect URI).
        case registrationRejected
        /// The callback's `state` did not match: a forged or stale response.
        case stateMismatch
        /// The callback's `iss` did not match the authorization server (RFC 9207).
        case responseIssuerMismatch
        /// The fixed callback port is taken by another program.
        case callbackPortBusy
        /// Nobody completed the login in time.
        case timeout
        /// The user or the server declined the authorization.
        case denied
        /// The token endpoint refused the request for another reason.
        case tokenEndpoint
        /// The refresh token or code is no longer valid: the user must log in again.
        case loginRequired
        /// The client registration is no longer known to the server.
        case invalidClient
        /// The id_token failed verification.
        case idTokenInvalid
        /// The server answered something that is not what OAuth says it must be.
        case malformedResponse
        /// The server could not be reached.
        case unreachable
        /// The server's auth method does not support this operation.
        case unsupported
        /// A rotated value did not work, so it was not stored.
        case verificationFailed
        /// Metadata or a stored token is for another resource than this server (RFC 9728 §3.3, RFC 8707).
        case resourceMismatch
        /// Client credentials bound to one authorization server were about to go to another.
        case foreignIssuer
    }

    /// The kind of failure.
    public let kind: Kind
    /// The server's config name.
    public let server: String
    /// A one-line description, redacted.
    public let message: String
    /// What to do about it.
    public let hint: String?

    /// Creates an error; `message` and `hint` are redacted.
    public init(_ kind: Kind, server: String, message: String, hint: String? = nil) {
        self.kind = kind
        self.server = server
        self.message = SecretRedactor.shared.redact(message)
        self.hint = hint.map(SecretRedactor.shared.redact)
    }

    /// One line: the server and what went wrong.
    public var summary: String { "\(server): \(message)" }
}
