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
    /// keyring's connection, and with `session` its encrypted session), and returns at once;
    /// reads nothing and changes nothing. A store with no such work does nothing.
    func prepare(session: Bool)
    /// Whether the store is there and unlocked now, asked without opening it (no session, no
    /// read). A copy of its secrets kept elsewhere (the token cache) is sent to a server only
    /// while this says true; false when it cannot be told so cheaply, or is not certain.
    func isUnlockedNow() -> Bool
}

extension SecretStore {
    /// Nothing to start.
    public func prepare(session: Bool) {}
    /// Not told cheaply: copies kept elsewhere are not used.
    public func isUnlockedNow() -> Bool { false }
}
