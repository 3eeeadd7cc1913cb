import Crypto
import Foundation

/// A DPoP key pair (RFC 9449) and the proofs it signs: ES256 on P-256, the private key kept in
/// the secret store beside the tokens it binds.
public struct DPoPKey: Sendable {
    /// The algorithm of every proof.
    public static let algorithm = "ES256"

    private let key: P256.Signing.PrivateKey

    /// A new random key.
    public init() {
        key = P256.Signing.PrivateKey()
    }

    /// The key stored as `pem`.
    public init(pem: String) throws {
        key = try P256.Signing.PrivateKey(pemRepresentation: pem)
    }

    /// The private key as PEM, for the secret store only.
    public var pem: String { key.pemRepresentation }

    /// The public key as a JWK (RFC 7517; members of RFC 7518 §6.2.1).
    public var jwk: [String: String] {
        let raw = key.publicKey.rawRepresentation   // x ‖ y, 32 bytes each
        return ["kty": "EC", "crv": "P-256", "x": Base64URL.encode(raw.prefix(32)), "y": Base64URL.encode(raw.suffix(32))]
    }

    /// The JWK SHA-256 thumbprint (RFC 7638), the `jkt` a bound token names.
    public var thumbprint: String {
        let jwk = self.jwk
        let canonical = #"{"crv":"\#(jwk["crv"]!)","kty":"\#(jwk["kty"]!)","x":"\#(jwk["x"]!)","y":"\#(jwk["y"]!)"}"#
        return Base64URL.encode(Data(SHA256.hash(data: Data(canonical.utf8))))
    }

    /// A fresh proof for a `method` request to `url` (RFC 9449 §4.2): a new `jti`, `htu` without
    /// query or fragment, `ath` when it presents `accessToken`, and the server's `nonce` when it set one.
    public func proof(method: String, url: String, accessToken: String? = nil, nonce: String? = nil, now: Date = Date()) -> String {
        var claims: [String: Any] = ["jti": PKCE.randomValue(byteCount: 16), "htm": method, "htu": Self.htu(url),
                                     "iat": Int(now.timeIntervalSince1970)]
        if let accessToken { claims["ath"] = Base64URL.encode(Data(SHA256.hash(data: Data(accessToken.utf8)))) }
        if let nonce { claims["nonce"] = nonce }
        let header: [String: Any] = ["typ": "dpop+jwt", "alg": Self.algorithm, "jwk": jwk]
        let input = Self.segment(header) + "." + Self.segment(claims)
        // An ECDSA signature's raw form (r ‖ s) is the JWS ES256 signature (RFC 7518 §3.4).
        let signature = (try? key.signature(for: Data(input.utf8)).rawRepresentation) ?? Data()
        return input + "." + Base64URL.encode(signature)
    }

    /// The `htu` of `url`: scheme, authority and path, without query or fragment (RFC 9449 §4.2).
    public static func htu(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.query = nil
        components.fragment = nil
        return components.string ?? url
    }

    private static func segment(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Base64URL.encode(data)
    }
}
