import Foundation
import MCP

/// A successful token-endpoint answer (RFC 6749 §5.1, OIDC Core §3.1.3.3).
public struct TokenResponse: Sendable {
    /// The access token.
    public let accessToken: String
    /// Its type, normally `Bearer`.
    public let tokenType: String
    /// Seconds until it expires, when the server said.
    public let expiresIn: Int?
    /// A refresh token, when one was issued (rotated ones replace the old).
    public let refreshToken: String?
    /// The granted scopes, when the server said (else the requested ones apply).
    public let scope: String?
    /// The OIDC id_token.
    public let idToken: String?

    /// Reads a token response; nil when there is no `access_token`.
    public init?(object: [String: Value]) {
        guard let accessToken = object["access_token"]?.stringValue, !accessToken.isEmpty else { return nil }
        self.accessToken = accessToken
        tokenType = object["token_type"]?.stringValue ?? "Bearer"
        if let seconds = object["expires_in"]?.intValue {
            expiresIn = seconds
        } else if let seconds = object["expires_in"]?.doubleValue {
            expiresIn = Int(seconds)
        } else {
            expiresIn = object["expires_in"]?.stringValue.flatMap { Int($0) }
        }
        refreshToken = object["refresh_token"]?.stringValue
        scope = object["scope"]?.stringValue
        idToken = object["id_token"]?.stringValue
        for secret in [accessToken, refreshToken, idToken].compactMap({ $0 }) { SecretRedactor.shared.remember(secret) }
    }

    /// The absolute expiry, counted from `now`.
    public func expiresAt(from now: Date) -> Date? {
        expiresIn.map { now.addingTimeInterval(TimeInterval($0)) }
    }
}
