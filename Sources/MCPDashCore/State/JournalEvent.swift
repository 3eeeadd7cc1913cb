import Foundation
import GRDB

/// One entry of the append-only event journal: an auth-relevant outcome, success or failure.
public struct JournalEvent: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord, StoredRow {
    /// Dates as `StoredDate` writes them: GRDB's text, without ICU.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredDate.encoding }
    /// Dates as `StoredDate` reads them: by arithmetic, without ICU.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredDate.decoding }

    public static let databaseTableName = "events"

    /// Whether the operation worked, or a step worth recording on the way (a discovery URL, an authorize URL).
    public enum Outcome: String, Codable, Sendable {
        case success, failure, info
    }

    /// The row id, assigned on insert.
    public var id: Int64?
    /// When it happened.
    public var time: Date
    /// The server's config name, nil for events about mcpdash itself (an import).
    public var server: String?
    /// The account, when one applies.
    public var account: String?
    /// The operation: `login`, `refresh`, `whoami`, `import`, `rotate`…
    public var operation: OperationKind
    /// Success or failure.
    public var outcome: Outcome
    /// The HTTP status, when there was a response.
    public var httpStatus: Int?
    /// The `WWW-Authenticate` challenge, when the server sent one.
    public var challenge: String?
    /// A one-line description, redacted before it is stored.
    public var message: String
    /// The round trip of a whoami or health check, in milliseconds.
    public var latencyMilliseconds: Int? = nil

    /// Creates an event.
    public init(time: Date = Date(), server: String?, account: String? = nil, operation: OperationKind, outcome: Outcome,
                httpStatus: Int? = nil, challenge: String? = nil, message: String) {
        self.time = time
        self.server = server
        self.account = account
        self.operation = operation
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.challenge = challenge
        self.message = message
    }

    /// The columns `init(row:)` reads, in its order.
    public static let columnNames = ["id", "time", "server", "account", "operation", "outcome", "httpStatus", "challenge", "message",
                                     "latencyMilliseconds"]
    /// Every request of the table selects `columnNames`, in order.
    public static var databaseSelection: [any SQLSelectable] { columnNames.map { Column($0) } }

    /// The values in `columnNames` order, as `init(row:)` reads them back; a new event's id is NULL.
    var rowValues: [DatabaseValue] {
        [id.databaseValue, StoredDate.text(time).databaseValue, server.databaseValue, account.databaseValue,
         operation.rawValue.databaseValue, outcome.rawValue.databaseValue, httpStatus.databaseValue, challenge.databaseValue,
         message.databaseValue, latencyMilliseconds.databaseValue]
    }

    /// GRDB writes `rowValues` too.
    public func encode(to container: inout PersistenceContainer) {
        container.set(Self.columnNames, to: rowValues)
    }

    /// Reads a row by hand, by column position, as `TokenMetadata` does: the dashboard reads
    /// the latest events of every server at start.
    public init(row: Row) throws {
        guard row.count == Self.columnNames.count else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "an events row of \(row.count) columns, not \(Self.columnNames.count)")
        }
        id = try row.decode(Int64?.self, atIndex: 0)
        guard let time = try StoredDate.date(row, at: 1) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "the column time is NULL")
        }
        self.time = time
        server = try row.decode(String?.self, atIndex: 2)
        account = try row.decode(String?.self, atIndex: 3)
        operation = OperationKind(rawValue: try row.decode(String.self, atIndex: 4))
        guard let outcome = Outcome(rawValue: try row.decode(String.self, atIndex: 5)) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "the column outcome holds no outcome")
        }
        self.outcome = outcome
        httpStatus = try row.decode(Int?.self, atIndex: 6)
        challenge = try row.decode(String?.self, atIndex: 7)
        message = try row.decode(String.self, atIndex: 8)
        latencyMilliseconds = try row.decode(Int?.self, atIndex: 9)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
