import Foundation

/// The OAuth client mcpdash acts as at one authorization server, and how it authenticates there.
public struct ClientIdentity: Sendable, Equatable {
    /// The client id (a URL for a Client ID Metadata Document).
    public let clientId: String
    /// The client secret, for confidential clients.
    public let secret: String?
    /// How the client authenticates at the token endpoint.
    public let method: ClientAuthMethod
    /// How the id was obtained.
    public let kind: ClientRegistration.Kind
    /// The algorithm of `private_key_jwt` assertions.
    public var signingAlgorithm: SelfSignedJWTAuth.Algorithm = .rs256
    /// The `aud` of `private_key_jwt` assertions: the authorization server's issuer where it is
    /// known (SEP-1046, RFC 7523bis); the endpoint the assertion is sent to otherwise.
    public var assertionAudience: String?

    /// Creates an identity.
    public init(clientId: String, secret: String?, method: ClientAuthMethod, kind: ClientRegistration.Kind) {
        self.clientId = clientId
        self.secret = secret
        self.method = method
        self.kind = kind
        if let secret { SecretRedactor.shared.remember(secret) }
    }

    /// Adds this client's authentication to a request to `audience` (a token, device or revocation
    /// endpoint): a secret as `authenticate` does, or for `private_key_jwt` a fresh client
    /// assertion (RFC 7523 §2.2) signed with the private key kept as the client secret, for
    /// `assertionAudience` or else `audience`, with a fresh `jti` and a 60-second lifetime.
    public func authenticated(fields: [(String, String)], headers: [(String, String)], audience: String,
                              minter: SelfSignedJWTMinter = SelfSignedJWTMinter(), now: Date = Date()) async throws -> ([(String, String)], [(String, String)]) {
        var fields = fields
        var headers = headers
        guard method == .privateKeyJWT else {
            authenticate(fields: &fields, headers: &headers)
            return (fields, headers)
        }
        guard let key = secret else {
            throw OAuthError(.unsupported, server: "", message: "private_key_jwt needs the client's private key (PEM)")
        }
        let claims: [String: ClaimValue] = ["iss": .string(clientId), "sub": .string(clientId), "aud": .string(assertionAudience ?? audience),
                                            "jti": .string(PKCE.randomValue(byteCount: 16))]
        let settings = SelfSignedJWTAuth(algorithm: signingAlgorithm, signingKey: .keyring, claims: claims, lifetimeSeconds: 60)
        let assertion = try await minter.token(for: settings, key: key, cacheKey: UUID().uuidString, now: now)
        fields += [("client_id", clientId), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                   ("client_assertion", assertion)]
        return (fields, headers)
    }

    /// Adds this client's authentication to a token-endpoint request (RFC 6749 §2.3.1).
    public func authenticate(fields: inout [(String, String)], headers: inout [(String, String)]) {
        switch method {
        case .clientSecretBasic where secret != nil:
            let pair = "\(OAuthHTTP.formEscape(clientId)):\(OAuthHTTP.formEscape(secret ?? ""))"
            let encoded = Data(pair.utf8).base64EncodedString()
            SecretRedactor.shared.remember(encoded)
            headers.append(("Authorization", "Basic \(encoded)"))
        case .clientSecretPost where secret != nil:
            fields.append(("client_id", clientId))
            fields.append(("client_secret", secret ?? ""))
        default:
            fields.append(("client_id", clientId))
        }
    }
}
