/// Keeps secrets, addressed by server, field, account and issuer.
///
/// Implementations: `KeyringSecretStore` (libsecret, in MCPDashKeyring), `FileSecretStore`
/// (explicit insecure fallback) and `InMemorySecretStore` (tests, dry runs). One contract
/// test suite runs against all three.
public protocol SecretStore: Sendable {
    /// Which kind of storage this is, for reporting.
    var kind: StorageKind { get }
    /// Whether the store can be used now.
    func health() -> SecretStoreHealth
    /// The secret at `address`, or nil when there is none.
    func get(_ address: SecretAddress) throws(SecretStoreError) -> String?
    /// Stores `value` at `address`, replacing any previous value.
    func set(_ value: String, for address: SecretAddress) throws(SecretStoreError)
    /// Deletes the secret at `address`; returns whether there was one.
    @discardableResult
    func delete(_ address: SecretAddress) throws(SecretStoreError) -> Bool
    /// The addresses stored for `server` (all servers when nil); never the values.
    func list(server: String?) throws(SecretStoreError) -> [SecretAddress]
    /// Starts, in the background, the work the store's first use would otherwise wait for (the
    /// keyring's connection and encrypted session), and returns at once; reads nothing and
    /// changes nothing. A store with no such work does nothing.
    func prepare()
}

extension SecretStore {
    /// Nothing to start.
    public func prepare() {}
}
