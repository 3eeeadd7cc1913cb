/// Settings that apply to every server, from the config's `settings` object.
public struct Settings: Equatable, Sendable {
    /// Where secrets are kept unless a server says otherwise.
    public var storage: StorageKind = .keyring
    /// Days after which a static secret should be rotated (90 in the Eka and Kailash guides).
    public var rotationPolicyDays: Int = 90
    /// Seconds before expiry at which a token is refreshed.
    public var refreshMarginSeconds: Int = 60
    /// The dashboard's theme (a name in `themes/` or a path); the built-in one when nil.
    public var theme: String? = nil
    /// Seconds before expiry at which the dashboard's countdown turns amber.
    public var expiryWarningSeconds: Int = 300
    /// Seconds between the dashboard's automatic health checks.
    public var healthCheckIntervalSeconds: Int = 300
    /// Seconds at most that `token` and `headers` keep an answer in the kernel keyring; 0 turns the cache off.
    public var tokenCacheSeconds: Int = 300

    /// Creates settings with the defaults.
    public init(storage: StorageKind = .keyring, rotationPolicyDays: Int = 90, refreshMarginSeconds: Int = 60) {
        self.storage = storage
        self.rotationPolicyDays = rotationPolicyDays
        self.refreshMarginSeconds = refreshMarginSeconds
    }
}
