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
