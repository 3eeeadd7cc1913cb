import Foundation
import GRDB

/// What mcpdash knows about a server's token, without the token: expiry, scopes, issuer, age.
public struct TokenMetadata: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord, StoredRow {
    /// Dates as `StoredDate` writes them: GRDB's text, without ICU.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredDate.encoding }
    /// Dates as `StoredDate` reads them: by arithmetic, without ICU.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredDate.decoding }

    public static let databaseTableName = "token_metadata"

    /// The server's config name.
    public var server: String
    /// The account the token belongs to.
    public var account: String
    /// The absolute expiry of the access token, when known.
    public var expiresAt: Date?
    /// Granted scopes, space-separated as OAuth sends them.
    public var scopes: String?
    /// The issuer that granted the token.
    public var issuer: String?
    /// The token type (`Bearer`, `DPoP`…).
    public var tokenType: String?
    /// When the current access token was obtained.
    public var obtainedAt: Date
    /// When the current refresh token was obtained, if there is one.
    public var refreshObtainedAt: Date?
    /// How many times the refresh token has been rotated.
    public var rotationCount: Int
    /// The subject (or email) the token identifies, for display.
    public var subject: String?
    /// The token endpoint that refreshes it.
    public var tokenEndpoint: String? = nil
    /// The revocation endpoint, when the server has one.
    public var revocationEndpoint: String? = nil
    /// The client id the token was issued to.
    public var clientId: String? = nil
    /// The RFC 8707 resource the token was requested for.
    public var resource: String? = nil
    /// Why the user must log in again (set once on `invalid_grant`, cleared by a login); nil when fine.
    public var loginRequired: String? = nil

    /// Whether the stored tokens are bound to a DPoP key (`token_type` DPoP, RFC 9449 §5).
    public var isDPoPBound: Bool { tokenType?.lowercased() == "dpop" }

    /// The columns `init(row:)` reads, in its order.
    public static let columnNames = ["server", "account", "expiresAt", "scopes", "issuer", "tokenType", "obtainedAt", "refreshObtainedAt",
                                     "rotationCount", "subject", "tokenEndpoint", "revocationEndpoint", "clientId", "resource", "loginRequired"]
    /// Every request of the table selects `columnNames`, in order.
    public static var databaseSelection: [any SQLSelectable] { columnNames.map { Column($0) } }

    /// Reads a row by hand, by column position: GRDB's `Decodable` path spends about 50,000
    /// instructions a row of this table (a keyed container, a column search and a dynamic cast
    /// per field), and the dashboard reads one row per server at start (docs/decisions.md).
    public init(row: Row) throws {
        guard row.count == Self.columnNames.count else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "a token_metadata row of \(row.count) columns, not \(Self.columnNames.count)")
        }
        server = try row.decode(String.self, atIndex: 0)
        account = try row.decode(String.self, atIndex: 1)
        expiresAt = try StoredDate.date(row, at: 2)
        scopes = try row.decode(String?.self, atIndex: 3)
        issuer = try row.decode(String?.self, atIndex: 4)
        tokenType = try row.decode(String?.self, atIndex: 5)
        guard let obtained = try StoredDate.date(row, at: 6) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "the column obtainedAt is NULL")
        }
        obtainedAt = obtained
        refreshObtainedAt = try StoredDate.date(row, at: 7)
        rotationCount = try row.decode(Int.self, atIndex: 8)
        subject = try row.decode(String?.self, atIndex: 9)
        tokenEndpoint = try row.decode(String?.self, atIndex: 10)
        revocationEndpoint = try row.decode(String?.self, atIndex: 11)
        clientId = try row.decode(String?.self, atIndex: 12)
        resource = try row.decode(String?.self, atIndex: 13)
        loginRequired = try row.decode(String?.self, atIndex: 14)
    }

    /// The values in `columnNames` order, as `init(row:)` reads them back.
    var rowValues: [DatabaseValue] {
        [server.databaseValue, account.databaseValue, expiresAt.map(StoredDate.text).databaseValue, scopes.databaseValue,
         issuer.databaseValue, tokenType.databaseValue, StoredDate.text(obtainedAt).databaseValue,
         refreshObtainedAt.map(StoredDate.text).databaseValue, rotationCount.databaseValue, subject.databaseValue,
         tokenEndpoint.databaseValue, revocationEndpoint.databaseValue, clientId.databaseValue, resource.databaseValue,
         loginRequired.databaseValue]
    }

    /// GRDB writes `rowValues` too.
    public func encode(to container: inout PersistenceContainer) {
        container.set(Self.columnNames, to: rowValues)
    }

    /// Creates metadata.
    public init(server: String, account: String = SecretAddress.defaultAccount, expiresAt: Date? = nil, scopes: String? = nil,
                issuer: String? = nil, tokenType: String? = nil, obtainedAt: Date, refreshObtainedAt: Date? = nil,
                rotationCount: Int = 0, subject: String? = nil) {
        self.server = server
        self.account = account
        self.expiresAt = expiresAt
        self.scopes = scopes
        self.issuer = issuer
        self.tokenType = tokenType
        self.obtainedAt = obtainedAt
        self.refreshObtainedAt = refreshObtainedAt
        self.rotationCount = rotationCount
        self.subject = subject
    }
}
