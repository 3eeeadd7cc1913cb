import Foundation
import GRDB

/// When a secret was last set by mcpdash (rotation, rollback), so its age can be judged against policy.
public struct SecretChange: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "secret_changes"

    /// The server.
    public var server: String
    /// The account.
    public var account: String
    /// The secret's field.
    public var field: String
    /// When its current value was stored.
    public var changedAt: Date

    /// Creates a record.
    public init(server: String, account: String, field: String, changedAt: Date) {
        self.server = server
        self.account = account
        self.field = field
        self.changedAt = changedAt
    }
}
