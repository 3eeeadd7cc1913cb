import Synchronization

/// A store that reads through to another but keeps every write in memory: a candidate secret
/// can be tried with a real call without touching the real store.
///
/// With `writesThrough`, only the overridden addresses are shadowed and every other write goes
/// to the real store: a candidate client secret can be proven with a real refresh whose
/// rotated refresh token is kept.
public final class OverlaySecretStore: SecretStore {
    private let base: any SecretStore
    private let overrides: Mutex<[SecretAddress: String?]>
    private let pinned: Set<SecretAddress>
    private let writesThrough: Bool

    /// Wraps `base`, with `overrides` shadowing its values; other writes stay in memory unless `writesThrough`.
    public init(_ base: any SecretStore, overrides: [SecretAddress: String] = [:], writesThrough: Bool = false) {
        self.base = base
        self.overrides = Mutex(overrides.mapValues { Optional($0) })
        self.pinned = Set(overrides.keys)
        self.writesThrough = writesThrough
    }

    public var kind: StorageKind { base.kind }

    public func health() -> SecretStoreHealth { base.health() }

    public func prepare(session: Bool) { base.prepare(session: session) }

    public func isUnlockedNow() -> Bool { base.isUnlockedNow() }

    public func get(_ address: SecretAddress) throws(SecretStoreError) -> String? {
        if let shadowed = overrides.withLock({ $0[address] }) { return shadowed }
        return try base.get(address)
    }

    public func set(_ value: String, for address: SecretAddress) throws(SecretStoreError) {
        if writesThrough, !pinned.contains(address) { return try base.set(value, for: address) }
        overrides.withLock { $0[address] = .some(value) }
    }

    @discardableResult
    public func delete(_ address: SecretAddress) throws(SecretStoreError) -> Bool {
        if writesThrough, !pinned.contains(address) { return try base.delete(address) }
        let existed = try get(address) != nil
        overrides.withLock { $0[address] = .some(nil) }
        return existed
    }

    public func list(server: String?) throws(SecretStoreError) -> [SecretAddress] {
        let shadowed = overrides.withLock { $0 }
        var addresses = Set(try base.list(server: server))
        for (address, value) in shadowed where server == nil || address.server == server {
            if value == nil { addresses.remove(address) } else { addresses.insert(address) }
        }
        return addresses.sorted(by: SecretAddress.ordering)
    }
}
