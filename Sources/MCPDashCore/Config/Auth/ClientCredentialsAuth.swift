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
