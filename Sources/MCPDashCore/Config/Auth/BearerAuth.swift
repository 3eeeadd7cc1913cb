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
