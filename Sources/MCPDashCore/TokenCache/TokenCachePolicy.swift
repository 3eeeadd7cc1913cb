import Foundation

/// How long an answer of `token` or `headers` may be cached, or why not at all.
///
/// Only what the keyring holds and stays the same from one request to the next is cached:
/// a bearer token, an API key or header secrets stored in the keyring, and OAuth access
/// tokens, never past their expiry less the refresh margin. Values from `${VAR}`s, the
/// insecure file store, HMAC signatures, self-signed JWTs and DPoP proofs are made anew.
public enum TokenCachePolicy {
    /// The seconds the answer of `kind` for `server` may be kept at `now`, or nil when it must
    /// not be cached. `storage` is the store the server's secrets come from (the file store is
    /// read cheaply and never cached; the in-memory store stands in for the keyring in tests); `metadata` is the
    /// stored token's (OAuth methods); `sendsProof` says whether the answer holds a DPoP proof.
    public static func lifetime(_ kind: TokenCacheKey.Kind, server: ServerConfig, storage: StorageKind, metadata: TokenMetadata?,
                                sendsProof: Bool, settings: Settings, now: Date) -> Int? {
        let cap = settings.tokenCacheSeconds
        guard cap > 0, storage != .file, !sendsProof else { return nil }
        if kind == .headers, let endpoint = server.transport.endpoint, !endpoint.secretHeaders.values.allSatisfy({ $0 == .keyring }) { return nil }
        switch server.auth {
        case .bearer(let auth):
            return auth.token == .keyring ? cap : nil
        case .apiKey(let auth):
            return kind == .headers && auth.key == .keyring ? cap : nil
        case .headers(let auth):
            return kind == .headers && auth.secretHeaders.values.allSatisfy({ $0 == .keyring }) ? cap : nil
        case .none:
            return kind == .headers && !(server.transport.endpoint?.secretHeaders.isEmpty ?? true) ? cap : nil
        case .hmac, .jwt:
            return nil
        case .oauth, .clientCredentials, .deviceCode, .workloadIdentity, .enterprise:
            guard let metadata, metadata.loginRequired == nil else { return nil }
            guard let expiry = metadata.expiresAt else { return cap }
            let remaining = expiry.timeIntervalSince(now) - TimeInterval(settings.refreshMarginSeconds)
            guard remaining >= 1 else { return nil }
            return Int(min(Double(cap), remaining))
        }
    }
}
