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

    /// Reads a token response; nil when there is no usable `access_token`.
    ///
    /// Tokens must be visible ASCII (RFC 6749 Appendix A.12–A.17, VSCHAR): a value with a
    /// line break or an escape could split an HTTP header or reach a terminal. `expires_in` is
    /// bounded by `ServerNumber.lifetime`: garbage, zero or negative means unknown, and a
    /// promise of centuries is cut to ten years.
    public init?(object: [String: Value]) {
        guard let accessToken = object["access_token"]?.stringValue, Self.isTokenText(accessToken) else { return nil }
        self.accessToken = accessToken
        let type = object["token_type"]?.stringValue ?? "Bearer"
        tokenType = Self.isTokenText(type) && type.count <= 32 ? type : "Bearer"
        expiresIn = ServerNumber.lifetime(object["expires_in"])
        refreshToken = object["refresh_token"]?.stringValue.flatMap { Self.isTokenText($0) ? $0 : nil }
        scope = object["scope"]?.stringValue
        idToken = object["id_token"]?.stringValue.flatMap { Self.isTokenText($0) ? $0 : nil }
        for secret in [accessToken, refreshToken, idToken].compactMap({ $0 }) { SecretRedactor.shared.remember(secret) }
    }

    /// Whether the token is bound to a DPoP key (`token_type` DPoP, RFC 9449 §5).
    public var isDPoPBound: Bool { tokenType.lowercased() == "dpop" }

    /// Whether `text` may be a token: 1 to 64 KiB of visible ASCII (`%x20-7E`, no space at either end).
    public static func isTokenText(_ text: String) -> Bool {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= 65_536, bytes.first != 0x20, bytes.last != 0x20 else { return false }
        return bytes.allSatisfy { (0x20...0x7E).contains($0) }
    }

    /// The absolute expiry, counted from `now`.
    public func expiresAt(from now: Date) -> Date? {
        expiresIn.map { ServerNumber.date(now, plus: $0) }
    }
}
