import Crypto
import Foundation

/// A PKCE pair (RFC 7636) with the S256 method, and the random values OAuth needs.
public struct PKCE: Sendable {
    /// The secret verifier, sent only to the token endpoint.
    public let verifier: String
    /// `BASE64URL(SHA256(verifier))`, sent in the authorization request.
    public let challenge: String
    /// Always `S256`; `plain` is never used.
    public let method = "S256"

    /// A fresh pair from 32 random bytes (a 43-character verifier).
    public init() {
        self.init(verifier: Self.randomValue())
    }

    /// The pair for a given verifier (for the RFC 7636 appendix B test vector).
    public init(verifier: String) {
        self.verifier = verifier
        challenge = Base64URL.encode(SHA256.hash(data: Data(verifier.utf8)))
    }

    /// An unguessable URL-safe value from `byteCount` random bytes, for `state` and `nonce`.
    public static func randomValue(byteCount: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
