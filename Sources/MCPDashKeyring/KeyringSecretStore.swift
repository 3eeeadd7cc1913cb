import CLibSecretLoader
import Foundation
import MCPDashCore
import Synchronization

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

    /// Why this process has no session bus to reach, told without loading libsecret, or nil.
    ///
    /// GIO finds the session bus in `DBUS_SESSION_BUS_ADDRESS`, else at `$XDG_RUNTIME_DIR/bus`,
    /// else by X11 autolaunch, which needs `DISPLAY`. Where none of the three is there (an SSH
    /// login, cron, a container), libsecret, GLib and GIO (about 3 MB, and their start-up) would
    /// be loaded only to fail the same way.
    static let missingSessionBus: SecretStoreHealth? = {
        let environment = ProcessInfo.processInfo.environment
        func set(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
        guard !set("DBUS_SESSION_BUS_ADDRESS"), !set("DISPLAY") else { return nil }
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty, FileManager.default.fileExists(atPath: runtime + "/bus") { return nil }
        return .noSessionBus(detail: "no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS and DISPLAY are unset and there is no $XDG_RUNTIME_DIR/bus")
    }()

    /// Creates a store on the default collection of the session's Secret Service.
    public init() {}

    public var kind: StorageKind { .keyring }

    /// Loads libsecret and connects to the session bus, and with `session` to the Secret
    /// Service with its session negotiated, on a thread of its own, so the first operation finds
    /// them ready (or waits for them, never making a second). Nothing is read and the lock is not
    /// checked: each operation still asks for itself.
    public func prepare(session: Bool) {
        guard Self.missingSessionBus == nil else { return }
        Thread.detachNewThread {
            if session { Self.connectFirst() } else { _ = Self.sessionBus() }
        }
    }

    /// Asks the default collection's `Locked` on the session bus, without libsecret's service
    /// or its session (one D-Bus call, besides connecting to the bus the first time): true only
    /// for an answer that says unlocked.
    public func isUnlockedNow() -> Bool {
        guard Self.missingSessionBus == nil, let bus = Self.sessionBus() else { return false }
        return Self.askLocked(on: bus.pointer, name: "org.freedesktop.secrets") == false
    }

    public func health() -> SecretStoreHealth {
        switch connect() {
        case .unusable(let health): return health
        case .ready(let service):
            defer { g_object_unref(UnsafeMutableRawPointer(service)) }
            return Self.lockState(of: service)
        }
    }

    public func get(_ address: SecretAddress) throws(SecretStoreError) -> String? {
        let service = try readyService(checkingLock: false)
        defer { g_object_unref(UnsafeMutableRawPointer(service)) }
        var error: UnsafeMutablePointer<GError>? = nil
        let attributes = Self.attributes(of: address)
        let value = secret_service_lookup_sync(service, schema, attributes.table, nil, &error)
        if let failure = GLibError.take(&error) { throw failure.storeError(classifiedAs: "read", address: address) }
        guard let value else {
            // libsecret answers "nothing" both for a missing item and for a locked keyring.
            let health = Self.lockState(of: service)
            if !health.isReady { throw .unavailable(.keyring, health) }
            return nil
        }
        defer { secret_value_unref(UnsafeMutableRawPointer(value)) }
        guard let text = secret_value_get_text(value) else {
            throw .operationFailed(.keyring, operation: "read", address: address, reason: "the item's secret is not text (its content type is not text/plain)")
        }
        return String(cString: text)
    }

    public func set(_ value: String, for address: SecretAddress) throws(SecretStoreError) {
        // Checking first keeps a locked keyring from waiting forever on an unlock dialog.
        let service = try readyService(checkingLock: true)
        defer { g_object_unref(UnsafeMutableRawPointer(service)) }
        var error: UnsafeMutablePointer<GError>? = nil
        let attributes = Self.attributes(of: address)
        let label = "mcpdash: \(address.server) \(address.field)" + (address.account == SecretAddress.defaultAccount ? "" : " (\(address.account))")
        guard let secret = secret_value_new(value, -1, "text/plain") else {
            throw .operationFailed(.keyring, operation: "store", address: address, reason: "libsecret could not hold the value")
        }
        defer { secret_value_unref(UnsafeMutableRawPointer(secret)) }
        let stored = secret_service_store_sync(service, schema, attributes.table, "default", label, secret, nil, &error)
        if let failure = GLibError.take(&error) { throw failure.storeError(classifiedAs: "store", address: address) }
        guard stored != 0 else { throw .operationFailed(.keyring, operation: "store", address: address, reason: "the Secret Service refused the item") }
    }

    @discardableResult
    public func delete(_ address: SecretAddress) throws(SecretStoreError) -> Bool {
        let service = try readyService(checkingLock: true)
        defer { g_object_unref(UnsafeMutableRawPointer(service)) }
        var error: UnsafeMutablePointer<GError>? = nil
        let attributes = Self.attributes(of: address)
        let removed = secret_service_clear_sync(service, schema, attributes.table, nil, &error)
        if let failure = GLibError.take(&error) { throw failure.storeError(classifiedAs: "delete", address: address) }
        return removed != 0
    }

    public func list(server: String?) throws(SecretStoreError) -> [SecretAddress] {
        let service = try readyService(checkingLock: true)
        defer { g_object_unref(UnsafeMutableRawPointer(service)) }
        var error: UnsafeMutablePointer<GError>? = nil
        let query = GLibHashTable()
        if let server { query.insert("server", string: server) }
        let found = secret_service_search_sync(service, schema, query.table, SECRET_SEARCH_ALL, nil, &error)
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

    // MARK: - The Secret Service

    /// The process's Secret Service, or why it cannot be reached.
    private enum Connection {
        /// The service, with a reference the caller releases.
        case ready(OpaquePointer)
        /// Why there is none.
        case unusable(SecretStoreHealth)
    }

    /// Connects to the session's Secret Service and opens its session (once per process).
    ///
    /// libsecret keeps one `SecretService` per process, and every operation here goes through
    /// it, so a process negotiates one session (one Diffie-Hellman exchange, about 23 million
    /// instructions). libsecret's `secret_password_*` functions would not: they use a second
    /// instance of their own, and a second exchange.
    private func connect() -> Connection {
        if let missing = Self.missingSessionBus { return .unusable(missing) }
        Self.connectFirst()
        if let unloadable = Self.unloadable { return .unusable(unloadable) }
        var error: UnsafeMutablePointer<GError>? = nil
        let service = secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, nil, &error)
        if let failure = GLibError.take(&error) {
            if let service { g_object_unref(UnsafeMutableRawPointer(service)) }
            return .unusable(Self.classify(failure))
        }
        guard let service else { return .unusable(.noSessionBus(detail: "the Secret Service could not be reached")) }
        return .ready(service)
    }

    /// The session bus connection, held for the process (GIO keeps only a weak reference to its
    /// shared one); nil when libsecret or the bus cannot be reached.
    private static let bus: Mutex<Connected?> = Mutex(nil)

    /// A GIO connection, used under GIO's own locking.
    private struct Connected: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// The process's session bus connection, connected (after loading libsecret) on first use.
    private static func sessionBus() -> Connected? {
        bus.withLock { held in
            if let held { return held }
            guard unloadable == nil else { return nil }
            var error: UnsafeMutablePointer<GError>? = nil
            let connection = g_bus_get_sync(G_BUS_TYPE_SESSION, nil, &error)
            _ = GLibError.take(&error)
            held = connection.map(Connected.init)
            return held
        }
    }

    /// Whether this process has asked libsecret for its service yet. Held while the first
    /// request runs, so a `prepare(session:)` under way and the first operation make one session.
    private static let firstRequest = Mutex(false)

    /// Asks libsecret for the process's service once, loading libsecret first: it connects and
    /// opens the session, which every later request is given again. A failure is left for the
    /// caller's own request to meet and report; a later call returns at once, or waits for the
    /// first to finish.
    private static func connectFirst() {
        firstRequest.withLock { asked in
            guard !asked else { return }
            asked = true
            guard unloadable == nil else { return }
            var error: UnsafeMutablePointer<GError>? = nil
            let service = secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, nil, &error)
            _ = GLibError.take(&error)
            if let service { g_object_unref(UnsafeMutableRawPointer(service)) }
        }
    }

    /// The Secret Service, its default collection checked unlocked first when `checkingLock`; the caller releases it.
    private func readyService(checkingLock: Bool) throws(SecretStoreError) -> OpaquePointer {
        switch connect() {
        case .unusable(let health): throw .unavailable(.keyring, health)
        case .ready(let service):
            guard checkingLock else { return service }
            let health = Self.lockState(of: service)
            guard health.isReady else {
                g_object_unref(UnsafeMutableRawPointer(service))
                throw .unavailable(.keyring, health)
            }
            return service
        }
    }

    /// Whether the default collection of `service` exists and is unlocked.
    ///
    /// Asked first in one D-Bus call (`askLocked`); a service that does not answer it that way is
    /// asked through a `SecretCollection`, whose proxy costs eight calls (the alias, the
    /// property fetch, signal subscriptions) and tells a missing default collection apart.
    private static func lockState(of service: OpaquePointer) -> SecretStoreHealth {
        if let connection = g_dbus_proxy_get_connection(service), let name = g_dbus_proxy_get_name(service),
           let locked = askLocked(on: connection, name: String(cString: name)) {
            return locked ? .locked : .ready
        }
        var error: UnsafeMutablePointer<GError>? = nil
        let collection = secret_collection_for_alias_sync(service, "default", SECRET_COLLECTION_NONE, nil, &error)
        if let failure = GLibError.take(&error) {
            if let collection { g_object_unref(UnsafeMutableRawPointer(collection)) }
            return classify(failure)
        }
        guard let collection else { return .noDefaultCollection }
        defer { g_object_unref(UnsafeMutableRawPointer(collection)) }
        return secret_collection_get_locked(collection) != 0 ? .locked : .ready
    }

    /// The `Locked` property of the collection behind the `default` alias, from one
    /// `Properties.Get` to `name` on `connection`; nil when the answer is an error or not a boolean.
    private static func askLocked(on connection: OpaquePointer, name: String) -> Bool? {
        let children: [OpaquePointer?] = [g_variant_new_string("org.freedesktop.Secret.Collection"), g_variant_new_string("Locked")]
        let parameters = children.withUnsafeBufferPointer { g_variant_new_tuple($0.baseAddress, 2) }
        var error: UnsafeMutablePointer<GError>? = nil
        let reply = g_dbus_connection_call_sync(connection, name, "/org/freedesktop/secrets/aliases/default", "org.freedesktop.DBus.Properties",
                                                "Get", parameters, nil, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, nil, &error)
        if GLibError.take(&error) != nil { if let reply { g_variant_unref(reply) }; return nil }
        guard let reply else { return nil }
        defer { g_variant_unref(reply) }
        guard Self.typeString(of: reply) == "(v)", let boxed = g_variant_get_child_value(reply, 0) else { return nil }
        defer { g_variant_unref(boxed) }
        guard let value = g_variant_get_variant(boxed) else { return nil }
        defer { g_variant_unref(value) }
        guard Self.typeString(of: value) == "b" else { return nil }
        return g_variant_get_boolean(value) != 0
    }

    /// The type string of a GLib variant.
    private static func typeString(of variant: OpaquePointer) -> String? {
        g_variant_get_type_string(variant).map { String(cString: $0) }
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
        // Byte search: Foundation's `contains` goes through CFString (8,000 instructions a
        // message), and the dashboard classifies one failure per server when there is no bus.
        func says(_ text: String) -> Bool { UTF8Search.contains(text, in: message) }
        if says("autolaunch") || says("DBUS_SESSION_BUS_ADDRESS") || says("session bus") {
            return .noSessionBus(detail: message)
        }
        if says("org.freedesktop.secrets") || says("ServiceUnknown") {
            return .noSecretService(detail: message)
        }
        if says("locked") || says("Locked") { return .locked }
        if says("does not exist at path") { return .noDefaultCollection }
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
