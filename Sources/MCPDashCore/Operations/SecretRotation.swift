import Foundation

/// `mcpdash rotate NAME`: replaces a stored secret only after a real call proves the new value
/// works, keeps the old one for `--rollback`, and records when it changed.
public enum SecretRotation {
    /// What a rotation or rollback did, without any value.
    public struct Report: Codable, Equatable, Sendable {
        /// The server.
        public var server: String
        /// The account.
        public var account: String
        /// The field replaced.
        public var field: String
        /// How the new value was proven (`whoami`, `client credentials grant`…), nil for a rollback.
        public var verifiedBy: String?
        /// The age in days of the value replaced, when known.
        public var previousAgeDays: Int?
        /// True for a rollback.
        public var rolledBack: Bool

        /// One line, the same on both faces.
        public var summary: String {
            if rolledBack { return "\(server): \(field) rolled back to the previous value" }
            var line = "\(server): \(field) rotated; \(verifiedBy ?? "a real call") accepted the new value; the old one is kept for rollback"
            if let previousAgeDays { line += " (it was \(previousAgeDays) days old)" }
            return line
        }
    }

    /// The field of the previous value kept for rollback.
    public static func previousField(_ field: String) -> String { field + ".previous" }

    /// The field `rotate` would replace by default, when the server keeps one in the secret store.
    public static func rotatableField(of server: ServerConfig) -> String? {
        guard let first = server.secretFields.first, case .keyring = first.source else { return nil }
        return first.field
    }

    /// The secret `rotate` replaces for `server`: `requested`, else the method's main secret.
    public static func field(of server: ServerConfig, requested: String?) throws(OAuthError) -> (field: String, source: SecretSource) {
        let fields = server.secretFields
        let chosen: SecretField?
        if let requested {
            chosen = fields.first { $0.field == requested || $0.field == SecretField.header(requested) }
        } else {
            chosen = fields.first
        }
        guard let chosen else {
            let names = fields.map(\.field)
            throw OAuthError(.unsupported, server: server.name,
                             message: names.isEmpty ? "\(server.name) stores no secret to rotate (\(server.auth.methodName))"
                                                    : "\(server.name) has no secret \(requested ?? "") (it has \(names.joined(separator: ", ")))",
                             hint: names.isEmpty ? "OAuth tokens are renewed with mcpdash refresh or mcpdash login" : "pass --field with one of those")
        }
        guard case .keyring = chosen.source else {
            throw OAuthError(.unsupported, server: server.name,
                             message: "\(chosen.field) comes from \(chosen.source), not from the secret store; change it where it is defined",
                             hint: "to let mcpdash rotate it, set it to \"keyring:\" in the config")
        }
        return (chosen.field, chosen.source)
    }

    /// Tries `newValue` with a real call and, only if it works, stores it (the old value kept as `.previous`).
    public static func rotate(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, database: StateDatabase,
                              account: String, field requested: String?, newValue: String,
                              now: Date = Date()) async throws -> Report {
        SecretRedactor.shared.remember(newValue)
        let (field, _) = try Self.field(of: server, requested: requested)
        let store = stores.store(for: server, in: config)
        let address = SecretAddress(server: server.name, field: field, account: account)
        let verifiedBy = try await verify(server, config: config, stores: stores, database: database, account: account,
                                          address: address, value: newValue)
        let old = try store.get(address)
        if let old { try store.set(old, for: SecretAddress(server: server.name, field: previousField(field), account: account)) }
        try store.set(newValue, for: address)
        let age = try database.secretChanges(server: server.name).first { $0.account == account && $0.field == field }
            .map { Int(now.timeIntervalSince($0.changedAt) / 86_400) }
        try database.save(SecretChange(server: server.name, account: account, field: field, value: newValue, at: now, firstSeen: false))
        _ = try? database.append(JournalEvent(server: server.name, account: account, operation: .rotate, outcome: .success,
                                              message: "\(field) replaced after \(verifiedBy) accepted the new value; the old one is kept for rollback"))
        return Report(server: server.name, account: account, field: field, verifiedBy: verifiedBy, previousAgeDays: age, rolledBack: false)
    }

    /// Puts the previous value back (and keeps the current one as the new previous).
    public static func rollback(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, database: StateDatabase,
                                account: String, field requested: String?, now: Date = Date()) throws -> Report {
        let (field, _) = try Self.field(of: server, requested: requested)
        let store = stores.store(for: server, in: config)
        let address = SecretAddress(server: server.name, field: field, account: account)
        let previousAddress = SecretAddress(server: server.name, field: previousField(field), account: account)
        guard let previous = try store.get(previousAddress) else {
            throw OAuthError(.unsupported, server: server.name, message: "there is no previous \(field) to roll back to")
        }
        // The value being restored is staged first, so that at every instant both values exist
        // somewhere in the store: a crash between any two writes loses neither.
        let stagedAddress = SecretAddress(server: server.name, field: field + ".restoring", account: account)
        try store.set(previous, for: stagedAddress)
        if let current = try store.get(address) { try store.set(current, for: previousAddress) }
        try store.set(previous, for: address)
        try store.delete(stagedAddress)
        try database.save(SecretChange(server: server.name, account: account, field: field, value: previous, at: now, firstSeen: false))
        _ = try? database.append(JournalEvent(server: server.name, account: account, operation: .rotate, outcome: .success,
                                              message: "\(field) rolled back to the previous value"))
        return Report(server: server.name, account: account, field: field, verifiedBy: nil, previousAgeDays: nil, rolledBack: true)
    }

    /// Proves `value` works at `address` without storing it: reads see it through an overlay and
    /// all writes stay in memory or in a scratch database.
    private static func verify(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, database: StateDatabase, account: String,
                               address: SecretAddress, value: String) async throws -> String {
        let overlay = SecretStores(keyring: OverlaySecretStore(stores.keyring, overrides: [address: value]),
                                   file: OverlaySecretStore(stores.file, overrides: [address: value]),
                                   insecureStorageFlag: stores.insecureStorageFlag)
        let scratchPath = FileManager.default.temporaryDirectory.appendingPathComponent("mcpdash-rotate-\(UUID().uuidString)/state.db").path
        defer { try? FileManager.default.removeItem(atPath: (scratchPath as NSString).deletingLastPathComponent) }
        let scratch = try StateDatabase(path: scratchPath)
        do {
            switch server.auth {
            case .clientCredentials:
                _ = try await TokenBroker(server: server, config: config, stores: overlay, database: scratch, account: account).renew(force: true)
                return "a client-credentials grant"
            case .oauth, .deviceCode:
                guard try database.tokenMetadata(server: server.name, account: account) != nil else {
                    throw OAuthError(.verificationFailed, server: server.name,
                                     message: "a new client secret can only be proven with a refresh; log in first", hint: "mcpdash login \(server.name)")
                }
                // A refresh consumes the refresh token: it runs on the real session, under the
                // real per-server lock, and keeps what the server returns. Only the candidate
                // secret is shadowed; it reaches the store after the refresh succeeds.
                let proving = SecretStores(keyring: OverlaySecretStore(stores.keyring, overrides: [address: value], writesThrough: true),
                                           file: OverlaySecretStore(stores.file, overrides: [address: value], writesThrough: true),
                                           insecureStorageFlag: stores.insecureStorageFlag)
                _ = try await TokenBroker(server: server, config: config, stores: proving, database: database, account: account).renew(force: true)
                return "a token refresh"
            default:
                var primaryOnly = server
                primaryOnly.auth = server.auth.withoutSecondary
                _ = try await WhoAmI.run(primaryOnly, config: config, stores: overlay, journal: nil)
                return "whoami"
            }
        } catch {
            let reason = (error as? any UserFacingError)?.summary ?? "\(error)"
            _ = try? database.append(JournalEvent(server: server.name, account: account, operation: .rotate, outcome: .failure,
                                                  message: "the new \(address.field) was refused, so nothing changed: \(reason)"))
            throw OAuthError(.verificationFailed, server: server.name,
                             message: "the new \(address.field) did not work, so the old one stays in place: \(reason)")
        }
    }
}

extension AuthConfig {
    /// The same method with any secondary key removed, so a check proves the primary alone.
    var withoutSecondary: AuthConfig {
        switch self {
        case .apiKey(var auth):
            auth.secondaryKey = nil
            return .apiKey(auth)
        case .hmac(var auth):
            auth.secondarySecret = nil
            return .hmac(auth)
        default:
            return self
        }
    }
}
