import Foundation
import GRDB

/// The last verdict a server gave on a credential, so repeated `whoami` checks do not hammer it.
///
/// The credential is identified by a fingerprint (a truncated SHA-256), never stored itself.
public struct TokenVerdict: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    /// Dates as `StoredDate` writes them: GRDB's text, without ICU.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredDate.encoding }
    /// Dates as `StoredDate` reads them: by arithmetic, without ICU.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredDate.decoding }

    public static let databaseTableName = "verdicts"

    /// The server.
    public var server: String
    /// The account.
    public var account: String
    /// The fingerprint of the credential judged.
    public var fingerprint: String
    /// Whether the server accepted it.
    public var valid: Bool
    /// When the server said so.
    public var checkedAt: Date
    /// The refusal's HTTP status.
    public var httpStatus: Int?
    /// The refusal's challenge.
    public var challenge: String?
    /// The refusal's message, or the accepted whoami report as JSON.
    public var detail: String

    /// Creates a verdict.
    public init(server: String, account: String, fingerprint: String, valid: Bool, checkedAt: Date, httpStatus: Int? = nil,
                challenge: String? = nil, detail: String) {
        self.server = server
        self.account = account
        self.fingerprint = fingerprint
        self.valid = valid
        self.checkedAt = checkedAt
        self.httpStatus = httpStatus
        self.challenge = challenge
        self.detail = detail
    }
}
