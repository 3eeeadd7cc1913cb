/// How a token was obtained; its raw value is what `--json` reports and the journal says.
public enum Grant: String, Codable, Sendable, CaseIterable {
    /// The browser login: authorization code with PKCE.
    case authorizationCode = "authorization_code"
    /// The device authorization grant (a code typed on another device).
    case deviceCode = "device_code"
    /// A confidential client's own credentials.
    case clientCredentials = "client_credentials"
    /// A refresh token exchanged for a new access token.
    case refreshToken = "refresh_token"
    /// A workload's identity token presented as a JWT bearer assertion.
    case jwtBearer = "jwt_bearer"
    /// The enterprise-managed flow: an identity provider's token exchanged for an ID-JAG, then a token.
    case enterprise
    /// No request made: the stored token is still valid.
    case stored

    /// The verb a summary line uses for it: `refreshed`, `token still valid` or `logged in`.
    public var outcome: String {
        switch self {
        case .refreshToken: "refreshed"
        case .stored: "token still valid"
        default: "logged in"
        }
    }
}
