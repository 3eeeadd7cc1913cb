import Foundation
import JWTKit

/// The claims mcpdash shows about a credential, decoded without verifying the signature.
///
/// Used to display what a token says (`sub`, `iss`, `aud`, `scope`, `exp`) and to check it
/// locally; the server remains the judge of its validity.
public struct TokenClaims: JWTPayload, Equatable, Sendable {
    /// `sub`.
    public var subject: String?
    /// `iss`.
    public var issuer: String?
    /// `aud`, always as a list.
    public var audience: [String]
    /// `scope` (space-separated) or `scp` (a list), as a list.
    public var scopes: [String]
    /// `exp`.
    public var expiresAt: Date?
    /// `iat`.
    public var issuedAt: Date?
    /// `client_id` or `azp`.
    public var clientID: String?
    /// `email`.
    public var email: String?

    private enum Key: String, CodingKey {
        case sub, iss, aud, scope, scp, exp, iat, client_id, azp, email
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        subject = try? container.decode(String.self, forKey: .sub)
        issuer = try? container.decode(String.self, forKey: .iss)
        if let single = try? container.decode(String.self, forKey: .aud) {
            audience = [single]
        } else {
            audience = (try? container.decode([String].self, forKey: .aud)) ?? []
        }
        if let scope = try? container.decode(String.self, forKey: .scope) {
            scopes = scope.split(separator: " " as Character).map(String.init)
        } else {
            scopes = (try? container.decode([String].self, forKey: .scp)) ?? []
        }
        expiresAt = ServerNumber.timestamp(try? container.decode(Double.self, forKey: .exp))
        issuedAt = ServerNumber.timestamp(try? container.decode(Double.self, forKey: .iat))
        clientID = (try? container.decode(String.self, forKey: .client_id)) ?? (try? container.decode(String.self, forKey: .azp))
        email = try? container.decode(String.self, forKey: .email)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(subject, forKey: .sub)
        try container.encodeIfPresent(issuer, forKey: .iss)
        try container.encode(audience, forKey: .aud)
        try container.encode(scopes.joined(separator: " "), forKey: .scope)
        try container.encodeIfPresent(expiresAt?.timeIntervalSince1970, forKey: .exp)
        try container.encodeIfPresent(issuedAt?.timeIntervalSince1970, forKey: .iat)
        try container.encodeIfPresent(clientID, forKey: .client_id)
        try container.encodeIfPresent(email, forKey: .email)
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// Whether `aud` names the server: its resource URI (from PRM) or endpoint, with or without a
    /// trailing slash, or its origin. True when the token has no `aud` to check.
    public func audienceNamesServer(resource: String?, endpoint: String) -> Bool {
        guard !audience.isEmpty else { return true }
        let trimmed = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        let names = Set([resource, trimmed, trimmed + "/"].compactMap { $0 })
        let origin = URL(string: endpoint).flatMap(OriginPolicy.origin(of:))
        return audience.contains { names.contains($0) || URL(string: $0).flatMap(OriginPolicy.origin(of:)) == origin }
    }

    /// The claims of `token` when it is a JWT, decoded synchronously without jwt-kit (for callers
    /// that cannot wait, such as the secret resolver); nil for an opaque token.
    public static func unverified(_ token: String) -> TokenClaims? {
        let parts = token.split(separator: "." as Character, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].utf8.count <= 16_384, let payload = Base64URL.decode(parts[1]) else { return nil }
        return try? JSONDecoder().decode(TokenClaims.self, from: payload)
    }

    /// The claims of `token` when it is a JWT; nil for an opaque token.
    public static func decode(_ token: String) async -> TokenClaims? {
        guard token.split(separator: "." as Character).count == 3 else { return nil }
        return try? await JWTKeyCollection().unverified(token, as: TokenClaims.self)
    }
}
