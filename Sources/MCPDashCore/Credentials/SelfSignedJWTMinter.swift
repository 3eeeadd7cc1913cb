import Foundation
import JWTKit

/// Mints the JWTs of the `jwt` auth method, and reuses each until shortly before it expires.
public actor SelfSignedJWTMinter {
    private struct Payload: JWTPayload {
        var claims: [String: ClaimValue]
        var issuedAt: Date
        var expiresAt: Date

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(claims: [String: ClaimValue], issuedAt: Date, expiresAt: Date) {
            self.claims = claims
            self.issuedAt = issuedAt
            self.expiresAt = expiresAt
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            issuedAt = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: Key(stringValue: "iat")))
            expiresAt = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: Key(stringValue: "exp")))
            claims = [:]
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (name, value) in claims where name != "iat" && name != "exp" {
                let key = Key(stringValue: name)
                switch value {
                case .string(let string): try container.encode(string, forKey: key)
                case .number(let number):
                    if number.rounded() == number { try container.encode(Int(number), forKey: key) } else { try container.encode(number, forKey: key) }
                case .bool(let bool): try container.encode(bool, forKey: key)
                case .strings(let strings): try container.encode(strings, forKey: key)
                }
            }
            try container.encode(Int(issuedAt.timeIntervalSince1970), forKey: Key(stringValue: "iat"))
            try container.encode(Int(expiresAt.timeIntervalSince1970), forKey: Key(stringValue: "exp"))
        }

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// An HS256 key shorter than the 32 bytes RFC 7518 §3.2 requires.
    public struct ShortKeyError: Error, Equatable, CustomStringConvertible {
        /// The key's length in bytes.
        public let bytes: Int
        public var description: String { "the HS256 signing key has \(bytes) bytes; RFC 7518 §3.2 requires at least 32" }
    }

    private var cache: [String: (token: String, expiresAt: Date)] = [:]
    /// How long before expiry a cached token is replaced.
    public let renewalMargin: TimeInterval

    /// Creates a minter; tokens are re-minted `renewalMargin` seconds before they expire.
    public init(renewalMargin: TimeInterval = 60) {
        self.renewalMargin = renewalMargin
    }

    /// A valid token for `settings` signed with `key` (a shared secret or a PEM private key).
    public func token(for settings: SelfSignedJWTAuth, key: String, cacheKey: String, now: Date = Date()) async throws -> String {
        if let cached = cache[cacheKey], cached.expiresAt.timeIntervalSince(now) > renewalMargin { return cached.token }
        let keys = JWTKeyCollection()
        switch settings.algorithm {
        case .hs256:
            // RFC 7518 §3.2: an HS256 key must be at least as long as the hash output.
            guard key.utf8.count >= 32 else { throw ShortKeyError(bytes: key.utf8.count) }
            await keys.add(hmac: HMACKey(from: key), digestAlgorithm: .sha256)
        case .rs256:
            await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: key), digestAlgorithm: .sha256)
        case .es256:
            await keys.add(ecdsa: try ES256PrivateKey(pem: key))
        }
        let expiresAt = now.addingTimeInterval(TimeInterval(settings.lifetimeSeconds))
        let token = try await keys.sign(Payload(claims: settings.claims, issuedAt: now, expiresAt: expiresAt))
        SecretRedactor.shared.remember(token)
        cache[cacheKey] = (token, expiresAt)
        return token
    }
}
