import Foundation

/// Named accounts per server: several may be logged in, one is active (used when no
/// `--account` is given). The account is part of every secret's address.
public enum Accounts {
    /// One account of a server, as `mcpdash accounts` shows it.
    public struct Summary: Codable, Equatable, Sendable {
        /// The account name.
        public var account: String
        /// Whether it is the active one.
        public var active: Bool
        /// Who it is, when known.
        public var subject: String?
        /// When its access token expires, when it has one.
        public var expiresAt: Date?
        /// How many secrets it has in the store.
        public var secrets: Int
    }

    /// The account to use: the one named, else the server's active one, else `default`.
    public static func resolve(_ requested: String?, server: String, database: StateDatabase?) -> String {
        if let requested, !requested.isEmpty { return requested }
        return (try? database?.activeAccount(server: server)) ?? SecretAddress.defaultAccount
    }

    /// Every account `server` has secrets or tokens for (and the active one), active first.
    public static func list(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, database: StateDatabase) throws -> [Summary] {
        let active = resolve(nil, server: server.name, database: database)
        let addresses = try stores.store(for: server, in: config).list(server: server.name)
        let sessions = try database.allTokenMetadata().filter { $0.server == server.name }
        var names = Set(addresses.map(\.account)).union(sessions.map(\.account))
        names.insert(active)
        return names.sorted { ($0 == active ? 0 : 1, $0) < ($1 == active ? 0 : 1, $1) }.map { name in
            let session = sessions.first { $0.account == name }
            return Summary(account: name, active: name == active, subject: session?.subject, expiresAt: session?.expiresAt,
                           secrets: addresses.filter { $0.account == name }.count)
        }
    }

    /// Makes `account` the active one of `server`, journaled.
    public static func use(_ account: String, server: ServerConfig, database: StateDatabase) throws {
        try database.setActiveAccount(account, server: server.name)
        _ = try? database.append(JournalEvent(server: server.name, account: account, operation: .account, outcome: .success,
                                              message: "\(account) is now the active account"))
    }
}
