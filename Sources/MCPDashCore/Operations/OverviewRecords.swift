import Foundation

/// The state database's part of every server's overview — sessions, client registrations,
/// active accounts, secret changes and the journal's digests — read without the config.
///
/// `ServerOverview.load` joins these with the config. Reading them needs no config, so the
/// dashboard reads them on a thread of its own while it parses the config (`StatePreload`).
public struct OverviewRecords: Sendable {
    /// The journal's digest per server.
    var digests: [String: EventDigest] = [:]
    /// Stored sessions, by server and account (`key(server:account:)`).
    var sessions: [String: TokenMetadata] = [:]
    /// Client registrations, by issuer.
    var registrations: [String: ClientRegistration] = [:]
    /// The active account of each server that has one other than the default.
    var activeAccounts: [String: String] = [:]
    /// When each secret was stored or first seen, by server.
    var secretChanges: [String: [SecretChange]] = [:]

    /// No records: what a server has when the database did not open.
    public init() {}

    /// Reads the records from `database` (none when it is nil) for the 24 hours before `now`;
    /// a table that cannot be read counts as empty, as the dashboard shows what it can.
    public static func read(from database: StateDatabase?, now: Date) -> OverviewRecords {
        var records = OverviewRecords()
        guard let database else { return records }
        records.digests = (try? database.eventDigests(now: now)) ?? [:]
        for session in (try? database.allTokenMetadata()) ?? [] { records.sessions[key(server: session.server, account: session.account)] = session }
        for registration in (try? database.registrations()) ?? [] { records.registrations[registration.issuer] = registration }
        records.activeAccounts = (try? database.activeAccounts()) ?? [:]
        records.secretChanges = Dictionary(grouping: (try? database.secretChanges()) ?? [], by: \.server)
        return records
    }

    /// The key of a session in `sessions`.
    static func key(server: String, account: String) -> String { server + "\u{0}" + account }
}
