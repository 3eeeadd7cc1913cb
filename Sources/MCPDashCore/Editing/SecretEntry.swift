import Foundation

/// `mcpdash secret set|rm NAME FIELD`: puts a server's secret into its secret store, or takes
/// it out.
///
/// Setting a field that the config spells as a literal or a `${VAR}` points it at the store
/// (`"keyring:"`), keeping the file's comments; the old literal never reaches the backup.
public enum SecretEntry {
    /// What `secret set` or `secret rm` did.
    public struct Report: Codable, Equatable, Sendable {
        /// The server.
        public var server: String
        /// The account.
        public var account: String
        /// The field.
        public var field: String
        /// The store that holds (or held) it.
        public var store: String
        /// For `set`: the config now refers to the store where it held a literal or a variable before.
        public var configRewritten: Bool
        /// For `rm`: whether there was a value to delete.
        public var existed: Bool
        /// True for `rm`.
        public var removed: Bool

        /// One line for the terminal.
        public var summary: String {
            let who = account == SecretAddress.defaultAccount ? server : "\(server)@\(account)"
            if removed {
                return existed ? "\(who): \(field) deleted from the \(store); set a new one with `mcpdash secret set \(server) \(field)`"
                               : "\(who): the \(store) held no \(field)"
            }
            return "\(who): \(field) stored in the \(store)" + (configRewritten ? "; the config now refers to it as \"keyring:\"" : "")
        }
    }

    /// The server's secret field called `requested` (a header may be named alone).
    public static func field(of server: ServerConfig, _ requested: String) throws(ConfigEditError) -> SecretField {
        let fields = server.secretFields
        if let field = fields.first(where: { $0.field == requested })
            ?? fields.first(where: { $0.field == SecretField.environmentVariable(requested) })
            ?? fields.first(where: { [requested, SecretField.header(requested)].map { $0.lowercased() }.contains($0.field.lowercased()) }) {
            return field
        }
        throw .unknownField(server: server.name, field: requested, known: fields.map(\.field))
    }

    /// Stores `value` as `field` of `server` for `account`.
    public static func set(_ value: String, field requested: String, of server: ServerConfig, account: String, config: MCPDashConfig,
                           stores: SecretStores, database: StateDatabase?, now: Date = Date()) throws -> Report {
        SecretRedactor.shared.remember(value)
        let field = try Self.field(of: server, requested)
        let store = stores.store(for: server, in: config)
        let health = store.health()
        guard health.isReady else { throw SecretStoreError.unavailable(store.kind, health) }
        var rewritten = false
        var document: ConfigDocument? = nil
        if field.source != .keyring {
            var edited: ConfigDocument
            do { edited = try ConfigFile.read(config.path) } catch { throw ConfigEditError.invalidEntry(error) }
            guard let entry = edited.value(at: ["mcpServers", server.name])?.objectValue,
                  let path = SecretFieldPath.path(of: field.field, in: entry) else {
                throw ConfigEditError.unknownField(server: server.name, field: field.field, known: server.secretFields.map(\.field))
            }
            edited.set(["mcpServers", server.name] + path, to: .string(SecretSource.keyringReference))
            document = edited
        }
        let address = SecretAddress(server: server.name, field: field.field, account: account)
        let previous = try store.get(address)
        try store.set(value, for: address)
        if let document {
            var moved: [String] = []
            if case .literal(let literal) = field.source { moved.append(literal) }
            do {
                try ConfigFile.write(document, to: config.path, scrubbing: moved)
            } catch {
                if let previous { try? store.set(previous, for: address) } else { _ = try? store.delete(address) }
                throw error
            }
            rewritten = true
        }
        try? database?.save(SecretChange(server: server.name, account: account, field: field.field, value: value, at: now, firstSeen: false))
        let report = Report(server: server.name, account: account, field: field.field, store: store.kind.displayName,
                            configRewritten: rewritten, existed: previous != nil, removed: false)
        _ = try? database?.append(JournalEvent(server: server.name, account: account, operation: .secret, outcome: .success, message: report.summary))
        return report
    }

    /// Deletes `field` of `server` for `account` from its store (and the value kept for rollback).
    public static func remove(field requested: String, of server: ServerConfig, account: String, config: MCPDashConfig,
                              stores: SecretStores, database: StateDatabase?) throws -> Report {
        let field = try Self.field(of: server, requested)
        let store = stores.store(for: server, in: config)
        let existed = try store.delete(SecretAddress(server: server.name, field: field.field, account: account))
        try store.delete(SecretAddress(server: server.name, field: SecretRotation.previousField(field.field), account: account))
        let report = Report(server: server.name, account: account, field: field.field, store: store.kind.displayName,
                            configRewritten: false, existed: existed, removed: true)
        _ = try? database?.append(JournalEvent(server: server.name, account: account, operation: .secret, outcome: .success, message: report.summary))
        return report
    }
}
