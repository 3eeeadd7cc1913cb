import Synchronization

/// A secret store in process memory, for tests and dry runs.
public final class InMemorySecretStore: SecretStore {
    private let items = Mutex<[SecretAddress: String]>([:])
    private let simulatedHealth: SecretStoreHealth

    /// Creates an empty store; `health` lets tests simulate an unusable store.
    public init(health: SecretStoreHealth = .ready) {
        self.simulatedHealth = health
    }

    public var kind: StorageKind { .memory }

    public func health() -> SecretStoreHealth { simulatedHealth }

    /// Unlocked when its simulated health is ready.
    public func isUnlockedNow() -> Bool { simulatedHealth.isReady }

    public func get(_ address: SecretAddress) throws(SecretStoreError) -> String? {
        try requireReady()
        return items.withLock { $0[address] }
    }

    public func set(_ value: String, for address: SecretAddress) throws(SecretStoreError) {
        try requireReady()
        items.withLock { $0[address] = value }
    }

    @discardableResult
    public func delete(_ address: SecretAddress) throws(SecretStoreError) -> Bool {
        try requireReady()
        return items.withLock { $0.removeValue(forKey: address) != nil }
    }

    public func list(server: String?) throws(SecretStoreError) -> [SecretAddress] {
        try requireReady()
        return items.withLock { Array($0.keys) }.filter { server == nil || $0.server == server }.sorted(by: SecretAddress.ordering)
    }

    private func requireReady() throws(SecretStoreError) {
        guard simulatedHealth.isReady else { throw .unavailable(kind, simulatedHealth) }
    }
}

extension SecretAddress {
    /// Orders addresses by server, account, field, issuer, for stable listings.
    public static func ordering(_ lhs: SecretAddress, _ rhs: SecretAddress) -> Bool {
        (lhs.server, lhs.account, lhs.field, lhs.issuer) < (rhs.server, rhs.account, rhs.field, rhs.issuer)
    }
}
