import Foundation
import GRDB

/// What mcpdash knows about a server's token, without the token: expiry, scopes, issuer, age.
public struct TokenMetadata: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
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

    /// Reads a row by hand: GRDB's `Decodable` path spends about 50,000 instructions a row of
    /// this table (a keyed container, a column search and a dynamic cast per field), and the
    /// dashboard reads one row per server at start (docs/decisions.md).
    public init(row: Row) throws {
        server = try row.decode(String.self, forColumn: "server")
        account = try row.decode(String.self, forColumn: "account")
        expiresAt = try StoredDate.date(row, "expiresAt")
        scopes = try row.decode(String?.self, forColumn: "scopes")
        issuer = try row.decode(String?.self, forColumn: "issuer")
        tokenType = try row.decode(String?.self, forColumn: "tokenType")
        guard let obtained = try StoredDate.date(row, "obtainedAt") else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "the column obtainedAt is NULL")
        }
        obtainedAt = obtained
        refreshObtainedAt = try StoredDate.date(row, "refreshObtainedAt")
        rotationCount = try row.decode(Int.self, forColumn: "rotationCount")
        subject = try row.decode(String?.self, forColumn: "subject")
        tokenEndpoint = try row.decode(String?.self, forColumn: "tokenEndpoint")
        revocationEndpoint = try row.decode(String?.self, forColumn: "revocationEndpoint")
        clientId = try row.decode(String?.self, forColumn: "clientId")
        resource = try row.decode(String?.self, forColumn: "resource")
        loginRequired = try row.decode(String?.self, forColumn: "loginRequired")
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
