import Foundation

/// `mcpdash remove NAME`: takes the server out of the config (its comments with it) and
/// forgets what mcpdash kept for it: its secrets, every account's tokens, its client bindings
/// and the registrations it alone used. `keepSecrets` keeps the static secrets.
///
/// A broken entry can be removed too; the config is written before anything is deleted, so a
/// file that cannot be written leaves everything as it was.
public enum ServerRemoval {
    /// What a removal did.
    public struct Report: Codable, Equatable, Sendable {
        /// The server.
        public var server: String
        /// The config file written.
        public var file: String
        /// Secrets deleted from the secret stores (tokens included).
        public var secretsDeleted: Int
        /// Secrets kept because of `keepSecrets`.
        public var secretsKept: Int
        /// Accounts whose session was forgotten.
        public var sessionsForgotten: Int
        /// Issuers whose client registration was forgotten.
        public var registrationsForgotten: [String]
        /// The previous config, kept.
        public var backup: String?

        /// One line for the terminal.
        public var summary: String {
            var parts = ["removed from \(file)", "deleted \(secretsDeleted) secret(s)"]
            if secretsKept > 0 { parts.append("kept \(secretsKept) secret(s)") }
            if sessionsForgotten > 0 { parts.append("forgot \(sessionsForgotten) session(s)") }
            if !registrationsForgotten.isEmpty { parts.append("forgot the registration at \(registrationsForgotten.joined(separator: ", "))") }
            return "\(server): " + parts.joined(separator: "; ")
        }
    }

    /// Removes `name` from the config at `configPath`.
    public static func run(_ name: String, configPath: String, stores: SecretStores, database: StateDatabase,
                           keepSecrets: Bool) throws -> Report {
        var document: ConfigDocument
        do { document = try ConfigFile.read(configPath) } catch { throw ConfigEditError.invalidEntry(error) }
        let override = document.value(at: ["mcpServers", name, "storage"])?.stringValue.flatMap(StorageKind.init(rawValue:))
        let setting = document.value(at: ["settings", "storage"])?.stringValue.flatMap(StorageKind.init(rawValue:)) ?? .keyring
        guard document.remove(["mcpServers", name]) else {
            throw ConfigEditError.noSuchServer(server: name, file: configPath,
                                               known: (document.value(at: ["mcpServers"])?.objectValue?.keys.sorted()) ?? [])
        }
        // Fail before writing anything when the store that holds its secrets cannot be read.
        let own = stores.store(stores.kind(serverOverride: override, setting: setting))
        let health = own.health()
        guard health.isReady || keepSecrets else { throw SecretStoreError.unavailable(own.kind, health) }
        let available = [stores.keyring, stores.file].filter { $0.health().isReady }
        let held = try available.map { store in (store, try store.list(server: name)) }
        let backup = try ConfigFile.write(document, to: configPath)

        var report = Report(server: name, file: configPath, secretsDeleted: 0, secretsKept: 0, sessionsForgotten: 0,
                            registrationsForgotten: [], backup: backup)
        let sessionFields = Set(TokenVault.Field.all)
        for (store, addresses) in held {
            for address in addresses {
                if keepSecrets && !sessionFields.contains(address.field) {
                    report.secretsKept += 1
                } else if try store.delete(address) {
                    report.secretsDeleted += 1
                }
            }
        }
        let sessions = try database.allTokenMetadata()
        for session in sessions where session.server == name {
            try database.deleteTokenMetadata(server: name, account: session.account)
            report.sessionsForgotten += 1
        }
        try database.deleteClientBindings(server: name)
        let issuersInUse = Set(sessions.filter { $0.server != name }.compactMap(\.issuer))
        for registration in try database.registrations() where registration.server == name && !issuersInUse.contains(registration.issuer) {
            try database.deleteRegistration(issuer: registration.issuer)
            for store in available { _ = try? store.delete(ClientRegistrar.secretAddress(issuer: registration.issuer)) }
            report.registrationsForgotten.append(registration.issuer)
        }
        _ = try? database.append(JournalEvent(server: name, operation: .remove, outcome: .success, message: report.summary))
        return report
    }
}
