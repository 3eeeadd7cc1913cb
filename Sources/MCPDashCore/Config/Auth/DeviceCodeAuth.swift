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
    /// Whether to send the RFC 8707 `resource` parameter (some IdPs reject it).
    public var sendResource: Bool = true

    /// Creates device-code settings.
    public init(clientId: String? = nil, clientSecret: SecretSource? = nil, scopes: [String] = [],
                issuer: String? = nil, deviceAuthorizationURL: String? = nil, tokenURL: String? = nil, sendResource: Bool = true) {
        self.sendResource = sendResource
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.issuer = issuer
        self.deviceAuthorizationURL = deviceAuthorizationURL
        self.tokenURL = tokenURL
    }
}
