import Foundation
import JWTKit

/// Verifies an OIDC id_token (OIDC Core §3.1.3.7): signature against the issuer's JWKS, then
/// `iss`, `aud` (and `azp` when there are several audiences), `exp`, `iat`, `nbf` and `nonce`.
public enum IDTokenVerifier {
    /// The claims mcpdash reads from an id_token.
    public struct Claims: JWTPayload, Sendable {
        /// The issuer.
        public var iss: IssuerClaim
        /// The subject.
        public var sub: SubjectClaim
        /// The audience: must contain the client id.
        public var aud: AudienceClaim
        /// The expiry.
        public var exp: ExpirationClaim
        /// When it was issued.
        public var iat: IssuedAtClaim?
        /// Not valid before.
        public var nbf: NotBeforeClaim?
        /// The authorized party: the client it was issued to, required when `aud` has several values.
        public var azp: String?
        /// The nonce sent in the authorization request.
        public var nonce: String?
        /// The user's email, when shared.
        public var email: String?

        /// Checks the expiry; the other checks need the login's context.
        public func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    /// The clock difference tolerated for `iat` and `nbf`.
    public static let clockSkew: TimeInterval = 300

    /// Verifies `idToken`; returns its claims or throws `.idTokenInvalid` saying which check failed.
    public static func verify(_ idToken: String, metadata: AuthorizationServerMetadata, clientId: String, nonce: String?,
                              server: String, now: Date = Date()) async throws(OAuthError) -> Claims {
        guard let jwksURI = metadata.jwksURI else {
            throw OAuthError(.idTokenInvalid, server: server, message: "\(metadata.issuer) sent an id_token but publishes no jwks_uri to verify it")
        }
        let response = try await OAuthHTTP.get(jwksURI, server: server)
        guard response.status == 200, let object = response.object, let json = try? JSONEncoder().encode(object) else {
            throw OAuthError(.idTokenInvalid, server: server, message: "the JWKS at \(jwksURI) could not be read (HTTP \(response.status))")
        }
        let claims: Claims
        do {
            let keys = try await JWTKeyCollection().add(jwksJSON: String(decoding: json, as: UTF8.self))
            claims = try await keys.verify(idToken, as: Claims.self)
        } catch {
            throw OAuthError(.idTokenInvalid, server: server, message: "the id_token failed verification against \(jwksURI): \(error)")
        }
        guard claims.iss.value == metadata.issuer else {
            throw OAuthError(.idTokenInvalid, server: server, message: "the id_token's iss \(claims.iss.value) is not \(metadata.issuer)")
        }
        guard claims.aud.value.contains(clientId) else {
            throw OAuthError(.idTokenInvalid, server: server, message: "the id_token's aud \(claims.aud.value.joined(separator: ",")) does not name this client")
        }
        // OIDC Core §3.1.3.7 (4, 5): with several audiences the authorized party must be named, and be this client.
        if claims.aud.value.count > 1 || claims.azp != nil, claims.azp != clientId {
            throw OAuthError(.idTokenInvalid, server: server,
                             message: "the id_token has several audiences but its azp \(claims.azp ?? "is missing") and not this client")
        }
        guard let issuedAt = claims.iat?.value else {
            throw OAuthError(.idTokenInvalid, server: server, message: "the id_token has no iat (OIDC Core §2 requires it)")
        }
        if issuedAt.timeIntervalSince(now) > clockSkew {
            throw OAuthError(.idTokenInvalid, server: server, message: "the id_token was issued in the future (iat \(issuedAt)); check this host's clock")
        }
        if let notBefore = claims.nbf?.value, notBefore.timeIntervalSince(now) > clockSkew {
            throw OAuthError(.idTokenInvalid, server: server, message: "the id_token is not valid yet (nbf \(notBefore)); check this host's clock")
        }
        if let nonce, claims.nonce != nonce {
            throw OAuthError(.idTokenInvalid, server: server, message: "the id_token's nonce does not match the one sent (a replayed or forged token)")
        }
        return claims
    }
}
