import Crypto
import Foundation

/// Produces the credential headers of one request to a server, from its config and its secrets.
///
/// Covers the static methods (`none`, `bearer`, `apiKey`, `headers`, `hmac`, `jwt`); the OAuth
/// methods send the access token the auth engine stored. Values come only from the secret
/// store or `${ENV}`, and never go to another origin (`OriginPolicy`).
public struct RequestCredentials: Sendable {
    /// The server.
    public let server: ServerConfig
    /// Where its secrets come from.
    public let resolver: SecretResolver
    /// The shared minter for self-signed JWTs.
    public let minter: SelfSignedJWTMinter
    /// Hands out OAuth access tokens, refreshing them when due; nil reads the stored token as it is.
    public let broker: TokenBroker?
    /// Whether the primary key was refused and the secondary is in use.
    public let fallback = SecondaryKeyFallback()
    /// The DPoP key and the server's latest nonce, for tokens bound to a key.
    public let dpop = DPoPSession()
    /// The OAuth access token read for this connection, sent again while its session is unchanged.
    public let held = HeldAccessToken()

    /// Creates the credentials of `server`.
    public init(server: ServerConfig, resolver: SecretResolver, minter: SelfSignedJWTMinter, broker: TokenBroker? = nil) {
        self.server = server
        self.resolver = resolver
        self.minter = minter
        self.broker = broker
    }

    /// The DPoP key the stored token is bound to, read from the store once per connection; a
    /// session whose token type is known and not `DPoP` is bound to none (RFC 9449 §5).
    private func boundKey() throws -> DPoPKey? {
        guard let broker else { return nil }
        do {
            return try dpop.key {
                if let metadata = try? broker.vault.metadata(), metadata.tokenType != nil, !metadata.isDPoPBound { return nil }
                return try broker.vault.dpopKey()
            }
        } catch {
            throw MCPTransportError(.credentialUnavailable, server: server.name, url: server.transport.endpoint?.url ?? "",
                                    message: "the token is bound to a DPoP key that cannot be read: \((error as? any UserFacingError)?.summary ?? "\(error)")",
                                    remedy: "mcpdash login \(server.name) makes a new key")
        }
    }

    /// Whether the method has a secondary key to fall back on.
    public var hasSecondary: Bool {
        switch server.auth {
        case .apiKey(let auth): auth.secondaryKey != nil
        case .hmac(let auth): auth.secondarySecret != nil
        default: false
        }
    }

    /// After a 401: renews an OAuth token once (under the refresh lock), or switches once from
    /// the primary key to the secondary; true when the request is worth one more try.
    public func renewAfterRejection() async -> Bool {
        if hasSecondary { return fallback.activate() }
        guard let broker, broker.managesTokens else { return false }
        held.forget()
        return (try? await broker.renew(force: true)) != nil
    }

    /// Whether requests carry any credential at all.
    public var sendsCredentials: Bool {
        if case .none = server.auth { return !server.secretFields.isEmpty }
        return true
    }

    /// The headers for a `method` request to `url` (the server's endpoint when nil) with `body`,
    /// signed at `now` where the method signs; a DPoP-bound token comes with a fresh proof.
    public func headers(body: Data, method: String = "POST", url: String? = nil, now: Date = Date()) async throws -> [(String, String)] {
        var headers: [(String, String)] = []
        if let endpoint = server.transport.endpoint {
            headers += endpoint.headers.sorted { $0.key < $1.key }
            for (name, source) in endpoint.secretHeaders.sorted(by: { $0.key < $1.key }) {
                headers.append((name, try resolver.value(of: source, field: SecretField.header(name))))
            }
        }
        switch server.auth {
        case .none:
            break
        case .bearer(let auth):
            let token = try resolver.value(of: auth.token, field: "token")
            headers.append((auth.header, auth.scheme.isEmpty ? token : "\(auth.scheme) \(token)"))
        case .apiKey(let auth):
            if fallback.isActive, let secondary = auth.secondaryKey {
                headers.append((auth.header, try resolver.value(of: secondary, field: "apiKey.secondary")))
            } else {
                headers.append((auth.header, try resolver.value(of: auth.key, field: "apiKey")))
            }
        case .headers(let auth):
            headers += auth.headers.sorted { $0.key < $1.key }
            for (name, source) in auth.secretHeaders.sorted(by: { $0.key < $1.key }) {
                headers.append((name, try resolver.value(of: source, field: SecretField.header(name))))
            }
        case .hmac(let auth):
            let secret = if fallback.isActive, let secondary = auth.secondarySecret {
                try resolver.value(of: secondary, field: "hmacSecret.secondary")
            } else {
                try resolver.value(of: auth.secret, field: "hmacSecret")
            }
            let timestamp = String(Int(now.timeIntervalSince1970))
            let message = auth.message.replacingOccurrences(of: "{timestamp}", with: timestamp)
                .replacingOccurrences(of: "{body}", with: String(decoding: body, as: UTF8.self))
            let signature = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            headers.append((auth.timestampHeader, timestamp))
            headers.append((auth.signatureHeader, signature.map { String(format: "%02x", $0) }.joined()))
        case .jwt(let auth):
            let key = try resolver.value(of: auth.signingKey, field: "signingKey")
            let token: String
            do {
                token = try await minter.token(for: auth, key: key, cacheKey: "\(server.name)/\(resolver.account)", now: now)
            } catch {
                throw MCPTransportError(.credentialUnavailable, server: server.name, url: server.transport.endpoint?.url ?? "",
                                        message: "cannot sign the JWT: \(error)")
            }
            headers.append((auth.header, auth.scheme.isEmpty ? token : "\(auth.scheme) \(token)"))
        case .oauth, .clientCredentials, .deviceCode, .workloadIdentity, .enterprise:
            let token: String
            do {
                if let broker {
                    token = try await broker.accessToken(now: now, held: held)
                } else {
                    token = try resolver.value(of: .keyring, field: TokenVault.Field.accessToken)
                }
            } catch let error as OAuthError {
                throw MCPTransportError(.credentialUnavailable, server: server.name, url: server.transport.endpoint?.url ?? "", message: error.message,
                                        remedy: error.hint)
            } catch {
                throw MCPTransportError(.credentialUnavailable, server: server.name, url: server.transport.endpoint?.url ?? "",
                                        message: "not logged in (no access token stored)")
            }
            if let key = try boundKey() {
                let target = url ?? server.transport.endpoint?.url ?? ""
                headers.append(("Authorization", "DPoP \(token)"))
                headers.append(("DPoP", key.proof(method: method, url: target, accessToken: token, nonce: dpop.nonce, now: now)))
            } else {
                headers.append(("Authorization", "Bearer \(token)"))
            }
        }
        for (name, value) in headers where value.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw MCPTransportError(.credentialUnavailable, server: server.name, url: server.transport.endpoint?.url ?? "",
                                    message: "the value of header \(name) contains a line break")
        }
        return headers
    }
}
