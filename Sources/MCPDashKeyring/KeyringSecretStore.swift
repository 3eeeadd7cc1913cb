import CLibSecretLoader
import MCPDashCore

/// The secret store on the desktop keyring, through libsecret and the Secret Service API.
///
/// Every item uses the schema `dev.mcpdash.Secret` with the attributes `server`, `field`,
/// `account` and `issuer` (empty when not bound to one), so `secret-tool lookup server NAME
/// field token` finds it (see docs/keyring.md). Nothing here ever triggers an unlock prompt:
/// a locked keyring is reported as `.locked` instead of waiting on an invisible dialog.
public final class KeyringSecretStore: SecretStore, @unchecked Sendable {
    /// The schema name, also stored by libsecret as the `xdg:schema` attribute.
    public static let schemaName = "dev.mcpdash.Secret"
    /// The attributes every item carries, in the order docs/keyring.md lists them.
    public static let attributeNames = ["server", "field", "account", "issuer"]

    /// The schema, created once per process and never mutated; libsecret only reads it.
    private struct Schema: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    // Creating schemas on several threads at once races inside libsecret's lazy registration
    // of its attribute-type enum and corrupts the schema ("cannot register existing type
    // 'SecretSchemaAttributeType'"); a static is initialised exactly once.
    private static let sharedSchema: Schema = {
        let types = GLibHashTable()
        for name in attributeNames { types.insert(name, pointer: nil) } // SECRET_SCHEMA_ATTRIBUTE_STRING == 0
        return Schema(pointer: secret_schema_newv(schemaName, SECRET_SCHEMA_NONE, types.table))
    }()

    private var schema: OpaquePointer { Self.sharedSchema.pointer }

    /// Why libsecret cannot be used in this process, or nil once it is loaded. libsecret is
    /// loaded on the keyring's first use, not at start-up (docs/decisions.md), so a machine
    /// without it runs mcpdash and hears why the keyring is unavailable.
    private static let unloadable: SecretStoreHealth? = {
        guard mcpdash_libsecret_load() == 0 else { return nil }
        let reason = mcpdash_libsecret_error().map { String(cString: $0) } ?? "no reason given"
        return .unavailable(detail: "libsecret could not be loaded (\(reason)); install libsecret-1-0, or use --insecure-storage")
    }()

    /// Creates a store on the default collection of the session's Secret Service.
    public init() {}

    public var kind: StorageKind { .keyring }

    public func health() -> SecretStoreHealth {
        if let unloadable = Self.unloadable { return unloadable }
        var error: UnsafeMutablePointer<GError>? = nil
        let service = secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, nil, &error)
        if let failure = GLibError.take(&error) { return Self.classify(failure) }
        guard let service else { return .noSessionBus(detail: "the Secret Service could not be reached") }
        defer { g_object_unref(UnsafeMutableRawPointer(service)) }
        let collection = secret_collection_for_alias_sync(service, "default", SECRET_COLLECTION_NONE, nil, &error)
        if let failure = GLibError.take(&error) { return Self.classify(failure) }
        guard let collection else { return .noDefaultCollection }
        defer { g_object_unref(UnsafeMutableRawPointer(collection)) }
        return secret_collection_get_locked(collection) != 0 ? .locked : .ready
    }

    public func get(_ address: SecretAddress) throws(SecretStoreError) -> String? {
        if let unloadable = Self.unloadable { throw .unavailable(.keyring, unloadable) }
        var error: UnsafeMutablePointer<GError>? = nil
        let attributes = Self.attributes(of: address)
        let password = secret_password_lookupv_sync(schema, attributes.table, nil, &error)
        if let failure = GLibError.take(&error) { throw failure.storeError(classifiedAs: "read", address: address) }
        guard let password else {
            // libsecret answers "nothing" both for a missing item and for a locked keyring.
            let health = health()
            if !health.isReady { throw .unavailable(.keyring, health) }
            return nil
        }
        defer { secret_password_free(password) }
        return String(cString: password)
    }

    public func set(_ value: String, for address: SecretAddress) throws(SecretStoreError) {
        // Checking first keeps a locked keyring from waiting forever on an unlock dialog.
        let health = health()
        guard health.isReady else { throw .unavailable(.keyring, health) }
        var error: UnsafeMutablePointer<GError>? = nil
        let attributes = Self.attributes(of: address)
        let label = "mcpdash: \(address.server) \(address.field)" + (address.account == SecretAddress.defaultAccount ? "" : " (\(address.account))")
        let stored = secret_password_storev_sync(schema, attributes.table, "default", label, value, nil, &error)
        if let failure = GLibError.take(&error) { throw failure.storeError(classifiedAs: "store", address: address) }
        guard stored != 0 else { throw .operationFailed(.keyring, operation: "store", address: address, reason: "the Secret Service refused the item") }
    }

    @discardableResult
    public func delete(_ address: SecretAddress) throws(SecretStoreError) -> Bool {
        let health = health()
        guard health.isReady else { throw .unavailable(.keyring, health) }
        var error: UnsafeMutablePointer<GError>? = nil
        let attributes = Self.attributes(of: address)
        let removed = secret_password_clearv_sync(schema, attributes.table, nil, &error)
        if let failure = GLibError.take(&error) { throw failure.storeError(classifiedAs: "delete", address: address) }
        return removed != 0
    }

    public func list(server: String?) throws(SecretStoreError) -> [SecretAddress] {
        let health = health()
        guard health.isReady else { throw .unavailable(.keyring, health) }
        var error: UnsafeMutablePointer<GError>? = nil
        let query = GLibHashTable()
        if let server { query.insert("server", string: server) }
        let found = secret_password_searchv_sync(schema, query.table, SECRET_SEARCH_ALL, nil, &error)
        if let failure = GLibError.take(&error) { throw failure.storeError(classifiedAs: "list", address: nil) }
        defer { g_list_free_full(found, g_object_unref) }
        var addresses: [SecretAddress] = []
        var node = found
        while let current = node {
            if let item = current.pointee.data {
                let attributes = secret_retrievable_get_attributes(OpaquePointer(item))
                func value(_ name: String) -> String {
                    guard let attributes, let raw = g_hash_table_lookup(attributes, name) else { return "" }
                    return String(cString: raw.assumingMemoryBound(to: CChar.self))
                }
                addresses.append(SecretAddress(server: value("server"), field: value("field"),
                                               account: value("account"), issuer: value("issuer")))
                if let attributes { g_hash_table_unref(attributes) }
            }
            node = current.pointee.next
        }
        return addresses.sorted(by: SecretAddress.ordering)
    }

    // MARK: - Helpers

    private static func attributes(of address: SecretAddress) -> GLibHashTable {
        let table = GLibHashTable()
        table.insert("server", string: address.server)
        table.insert("field", string: address.field)
        table.insert("account", string: address.account)
        table.insert("issuer", string: address.issuer)
        return table
    }

    /// Maps libsecret's and D-Bus's messages to a health value; the messages are documented in platform notes.
    static func classify(_ error: GLibError) -> SecretStoreHealth {
        let message = error.message
        if message.contains("autolaunch") || message.contains("DBUS_SESSION_BUS_ADDRESS") || message.contains("session bus") {
            return .noSessionBus(detail: message)
        }
        if message.contains("org.freedesktop.secrets") || message.contains("ServiceUnknown") {
            return .noSecretService(detail: message)
        }
        if message.contains("locked") || message.contains("Locked") { return .locked }
        if message.contains("does not exist at path") { return .noDefaultCollection }
        return .unavailable(detail: message)
    }
}

extension GLibError {
    /// Converts this error into a store error, classified as an unusable store where it is one.
    fileprivate func storeError(classifiedAs operation: String, address: SecretAddress?) -> SecretStoreError {
        switch KeyringSecretStore.classify(self) {
        case .unavailable: .operationFailed(.keyring, operation: operation, address: address, reason: message)
        case let health: .unavailable(.keyring, health)
        }
    }
}
