import Crypto
import Foundation
import GRDB

/// When a secret's current value appeared: stored by mcpdash (rotation, rollback, `secret set`) or
/// first read by it (a value imported or stored with `secret-tool`), so its age can be judged
/// against policy. The value itself is never kept; a fingerprint tells a new value from the old.
public struct SecretChange: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    /// Dates as `StoredDate` writes them: GRDB's text, without ICU.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredDate.encoding }
    /// Dates as `StoredDate` reads them: by arithmetic, without ICU.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredDate.decoding }

    public static let databaseTableName = "secret_changes"

    /// The server.
    public var server: String
    /// The account.
    public var account: String
    /// The secret's field.
    public var field: String
    /// When its current value was stored, or first seen.
    public var changedAt: Date
    /// The first 16 bytes of SHA-256 over server, field and value, hex; nil in rows written before
    /// fingerprints were kept.
    public var fingerprint: String? = nil
    /// True when `changedAt` is when mcpdash first read the value, not when it was stored: the
    /// secret is at least that old.
    public var firstSeen: Bool = false
    /// The value's own expiry, when it is a JWT with `exp` (a static bearer token).
    public var expiresAt: Date? = nil

    /// Creates a record.
    public init(server: String, account: String, field: String, changedAt: Date, fingerprint: String? = nil, firstSeen: Bool = false,
                expiresAt: Date? = nil) {
        self.server = server
        self.account = account
        self.field = field
        self.changedAt = changedAt
        self.fingerprint = fingerprint
        self.firstSeen = firstSeen
        self.expiresAt = expiresAt
    }

    /// A record of `value` now in `field`: its fingerprint, and its `exp` when it is a JWT.
    public init(server: String, account: String, field: String, value: String, at now: Date, firstSeen: Bool) {
        self.init(server: server, account: account, field: field, changedAt: now, fingerprint: Self.fingerprint(server: server, field: field, value: value),
                  firstSeen: firstSeen, expiresAt: TokenClaims.unverified(value)?.expiresAt)
    }

    /// Whole days since `changedAt` at `now`.
    public func ageDays(now: Date) -> Int { max(0, Int(now.timeIntervalSince(changedAt) / 86_400)) }

    /// The fingerprint of `value` in `server`'s `field`: the first 16 bytes of SHA-256, hex.
    public static func fingerprint(server: String, field: String, value: String) -> String {
        SHA256.hash(data: Data([server, field, value].joined(separator: "\u{0}").utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
