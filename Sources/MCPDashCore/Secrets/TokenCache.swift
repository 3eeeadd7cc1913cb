/// A short-lived copy, outside the process, of what `token` and `headers` print.
///
/// `token` and `headers` run once per connect of every client that uses mcpdash as its
/// helper; reading the keyring costs each of them a Diffie-Hellman session with the Secret
/// Service. A cache keeps the answer for a few minutes at most (`settings.tokenCacheSeconds`),
/// never past the token's own expiry, and is cleared whenever a secret or the active account
/// changes (docs/decisions.md, "The helper's token cache"). Each server's entries are stored
/// through a generation: clearing the server's entries ends its generation, so an entry that a
/// slower process read before the change and stores afterwards is dropped instead of kept.
public protocol TokenCache: Sendable {
    /// The generation `server`'s entries are read and stored through now, or nil when the cache cannot be used.
    func generation(server: String) -> TokenCacheGeneration?
    /// The value stored for `key` in `generation`, unless it has expired.
    func value(for key: TokenCacheKey, in generation: TokenCacheGeneration) -> String?
    /// Keeps `value` for `key` for `seconds`, unless `generation` has ended.
    func store(_ value: String, for key: TokenCacheKey, seconds: Int, in generation: TokenCacheGeneration)
    /// Drops every entry of `server` and ends its current generation.
    func clear(server: String)
}
