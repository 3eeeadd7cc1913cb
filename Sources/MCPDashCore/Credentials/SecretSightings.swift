import Foundation
import Synchronization

/// Records in the state database when mcpdash first reads each secret value, so a secret it did
/// not store (imported, or put there with `secret-tool`) still has an age to judge against the
/// rotation policy, and a static JWT its expiry.
///
/// One write per new value: a value already recorded, or already seen by this process, costs a
/// set lookup. Recording never fails a request; a database that cannot be written is skipped.
public final class SecretSightings: Sendable {
    /// The state database the records go to.
    public let database: StateDatabase
    /// The fingerprints this process has already checked against the database.
    private let checked = Mutex<Set<String>>([])

    /// Creates a recorder writing to `database`.
    public init(database: StateDatabase) {
        self.database = database
    }

    /// Notes that `value` was read from `field` of `server`/`account` at `now`.
    public func saw(_ value: String, server: String, account: String, field: String, now: Date = Date()) {
        let fingerprint = SecretChange.fingerprint(server: server, field: field, value: value)
        let key = [account, fingerprint].joined(separator: "\u{0}")
        guard checked.withLock({ $0.insert(key).inserted }) else { return }
        let existing = try? database.secretChange(server: server, account: account, field: field)
        if let existing, existing.fingerprint == fingerprint { return }
        var record = SecretChange(server: server, account: account, field: field, value: value, at: now, firstSeen: true)
        if let existing, existing.fingerprint == nil {
            // Stored by an older mcpdash, which kept no fingerprint: the date stands.
            record.changedAt = existing.changedAt
            record.firstSeen = existing.firstSeen
        }
        try? database.save(record)
    }
}
