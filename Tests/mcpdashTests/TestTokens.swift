import Foundation
import JWTKit

/// JWTs minted by the tests for servers that do not verify signatures (the raw peer) or accept
/// any listed string (the static-token peer).
enum TestTokens {
    struct Claims: JWTPayload {
        let sub: String
        let iss: String
        let aud: String
        let scope: String
        let exp: Int
        let iat: Int
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// An HS256 JWT with the given claims.
    static func mint(issuer: String = "https://issuer.mcpdash.test", audience: String, scope: String = "mcp:read",
                     expiresIn: TimeInterval = 3600, subject: String = "alice@example.com") async throws -> String {
        let now = Date()
        let keys = await JWTKeyCollection().add(hmac: HMACKey(from: String(repeating: "test-key-", count: 4)), digestAlgorithm: .sha256)
        return try await keys.sign(Claims(sub: subject, iss: issuer, aud: audience, scope: scope,
                                          exp: Int(now.addingTimeInterval(expiresIn).timeIntervalSince1970),
                                          iat: Int(now.timeIntervalSince1970)))
    }
}
