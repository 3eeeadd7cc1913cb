/// The checks `diagnose` makes; the raw value is the id shown beside each and reported by `--json`.
public enum CheckID: String, Codable, Sendable, CaseIterable {
    /// The configured credential (token, key, variable) can be produced.
    case credentialUnavailable = "credential-unavailable"
    /// This machine's clock and the server's `Date` agree.
    case clockSkew = "clock-skew"
    /// The server asks for authorization the config does not send.
    case serverWantsAuth = "server-wants-auth"
    /// The authorization server still honours the session (the refresh token).
    case loginRequired = "login-required"
    /// The authorization server still knows the registered client.
    case staleRegistration = "stale-registration"
    /// The token has not expired.
    case tokenExpired = "token-expired"
    /// The token's `aud` names this server.
    case audience
    /// The token was issued for another resource.
    case audienceMismatch = "audience-mismatch"
    /// The token's `iss` is an authorization server of this resource.
    case issuer
    /// The token comes from an issuer the server does not trust.
    case issuerMismatch = "issuer-mismatch"
    /// The authorization server's metadata names another issuer.
    case metadataIssuerMismatch = "metadata-issuer-mismatch"
    /// The token has the challenged scopes.
    case scope
    /// The token lacks scopes the server asks for.
    case scopeMissing = "scope-missing"
    /// The server refuses a credential that looks valid.
    case rejectedThoughValid = "rejected-though-valid"
    /// The `WWW-Authenticate` header is malformed.
    case headerMalformed = "header-malformed"
    /// A refusal came without a `WWW-Authenticate` challenge.
    case headerMissing = "header-missing"
    /// No credential was sent.
    case noCredentialSent = "no-credential-sent"
    /// The credential is sent without a scheme.
    case scheme
    /// The credential is sent in a scheme the server does not challenge.
    case wrongScheme = "wrong-scheme"
}
