/// Why a server refused mcpdash or a credential could not be renewed, in the words of a metric label.
public enum AuthFailureReason: String, Codable, Sendable, CaseIterable {
    /// The server answered 401 (or a 403 that is not about scope), or no credential could be presented.
    case unauthorized
    /// The server answered 403 `insufficient_scope`: the token lacks a scope it needs.
    case insufficientScope = "insufficient_scope"
    /// The authorization server no longer accepts the refresh token or grant: log in again.
    case invalidGrant = "invalid_grant"
    /// The authorization server does not know the client or refused its credentials.
    case invalidClient = "invalid_client"
    /// The server or the authorization server could not be reached, or did not answer in time.
    case network

    /// The reason of a failed renewal; nil when the failure is of another kind (a garbled answer, a 5xx).
    public init?(renewal error: OAuthError) {
        switch error.kind {
        case .loginRequired: self = .invalidGrant
        case .invalidClient, .foreignIssuer: self = .invalidClient
        case .unreachable, .timeout: self = .network
        default: return nil
        }
    }

    /// The reason of a failed MCP request; nil when the failure is not about auth or the network.
    public init?(transport error: MCPTransportError) {
        switch error.kind {
        case .httpStatus(401): self = .unauthorized
        case .httpStatus(403): self = ScopeStepUp.insufficientScope(error) != nil ? .insufficientScope : .unauthorized
        case .credentialUnavailable, .refused: self = .unauthorized
        case .unreachable, .timeout: self = .network
        default: return nil
        }
    }
}
