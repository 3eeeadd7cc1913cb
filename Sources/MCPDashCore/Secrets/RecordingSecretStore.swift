/// Wraps a secret store so that every value read or written is remembered by a `SecretRedactor`.
public struct RecordingSecretStore: SecretStore {
    /// The store that keeps the secrets.
    public let base: any SecretStore
    /// The redactor that learns each value.
    public let redactor: SecretRedactor

    /// Wraps `base`, reporting values to `redactor`.
    public init(_ base: any SecretStore, redactor: SecretRedactor = .shared) {
        self.base = base
        self.redactor = redactor
    }

    public var kind: StorageKind { base.kind }

    public func health() -> SecretStoreHealth { base.health() }

    public func prepare(session: Bool) { base.prepare(session: session) }

    public func isUnlockedNow() -> Bool { base.isUnlockedNow() }

    public func get(_ address: SecretAddress) throws(SecretStoreError) -> String? {
        let value = try base.get(address)
        if let value { redactor.remember(value) }
        return value
    }

    public func set(_ value: String, for address: SecretAddress) throws(SecretStoreError) {
        redactor.remember(value)
        try base.set(value, for: address)
    }

    @discardableResult
    public func delete(_ address: SecretAddress) throws(SecretStoreError) -> Bool { try base.delete(address) }

    public func list(server: String?) throws(SecretStoreError) -> [SecretAddress] { try base.list(server: server) }
}
