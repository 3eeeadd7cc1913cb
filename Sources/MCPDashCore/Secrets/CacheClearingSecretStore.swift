/// Wraps a secret store so that every change to a server's secret clears that server's entries
/// in the token cache, whichever command makes it.
public struct CacheClearingSecretStore: SecretStore {
    /// The store that keeps the secrets.
    public let base: any SecretStore
    /// The cache whose entries each change clears.
    public let cache: any TokenCache

    /// Wraps `base`, clearing the changed server's entries in `cache`.
    public init(_ base: any SecretStore, clearing cache: any TokenCache) {
        self.base = base
        self.cache = cache
    }

    public var kind: StorageKind { base.kind }

    public func health() -> SecretStoreHealth { base.health() }

    public func prepare(session: Bool) { base.prepare(session: session) }

    public func isUnlockedNow() -> Bool { base.isUnlockedNow() }

    public func get(_ address: SecretAddress) throws(SecretStoreError) -> String? { try base.get(address) }

    public func set(_ value: String, for address: SecretAddress) throws(SecretStoreError) {
        defer { cache.clear(server: address.server) }
        try base.set(value, for: address)
    }

    @discardableResult
    public func delete(_ address: SecretAddress) throws(SecretStoreError) -> Bool {
        defer { cache.clear(server: address.server) }
        return try base.delete(address)
    }

    public func list(server: String?) throws(SecretStoreError) -> [SecretAddress] { try base.list(server: server) }
}
