import Foundation
import GRDB
import Testing
@testable import MCPDashCore

/// `StoredDate` writes the text GRDB's own `DateFormatter` would, and reads the dates GRDB's `Calendar` would, without ICU.
@Suite("Stored dates")
struct StoredDateTests {
    /// GRDB's way: `Date.databaseValue`, through its `DateFormatter` (`yyyy-MM-dd HH:mm:ss.SSS`, UTC, en_US_POSIX).
    static func grdbText(_ date: Date) -> String? { String.fromDatabaseValue(date.databaseValue) }

    @Test("the text is GRDB's, character for character, over the years 1 to 9999 (GRDB's own before 1583), fractions of a millisecond included")
    func sameTextAsGRDB() {
        var dates: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.0005), Date(timeIntervalSince1970: -1),
            Date(timeIntervalSince1970: 0.9995), Date(timeIntervalSince1970: 951_782_400), // 2000-02-29
            Date(timeIntervalSince1970: 4_107_542_399.999), // 2100-02-28 23:59:59.999
            Date(timeIntervalSince1970: -62_135_596_800), Date(timeIntervalSince1970: 253_402_300_799.999),
            Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSinceReferenceDate: 786_427_200.123_456),
        ]
        // 20,000 seconds spread over the whole range (a fixed stride, so a failure comes back on
        // every run), each with a fraction of a second of its own.
        let first: Int64 = -62_135_596_800, span: Int64 = 253_402_300_800 - first
        for index in Int64(0)..<20_000 {
            let seconds = Double(first + (index * 12_676_169_387) % span)
            let fraction = Double((index * 7_919) % 1_000_003) / 1_000_003
            dates.append(Date(timeIntervalSince1970: seconds + fraction))
        }
        var differences: [String] = []
        for date in dates where StoredDate.text(date) != Self.grdbText(date) {
            differences.append("\(date.timeIntervalSince1970): \(StoredDate.text(date)) against \(Self.grdbText(date) ?? "nil")")
        }
        let count = differences.count, shown = differences.prefix(5).joined(separator: "; ")
        #expect(count == 0, "\(count) of \(dates.count) differ, first: \(shown)")
    }

    @Test("dates are read as GRDB reads them, to the bit, from every form of stored text; other text and numbers are left to GRDB")
    func sameDatesAsGRDB() {
        var texts = ["2026-12-06 05:39:32.123", "2026-12-06 05:39:32", "2026-12-06 05:39", "2026-12-06", "2026-12-06T05:39:32.5",
                     "2026-12-06 05:39:32.12", "2026-12-06 05:39:32.123456789", "2000-02-29 23:59:59.999", "2026-02-30 00:00:00.000",
                     "2026-04-31 12:00", "1583-01-01 00:00:00.000", "9999-12-31 23:59:59.999", "1582-12-31 23:59:59.999",
                     "2026-12-06 05:39:32.123Z", "2026-12-06T05:39:32+02:00", "05:39:32", "2026-13-01", "2026-12-06 24:00",
                     "2026-12-06 05:39:60", "2026-12-06 05:39:32.", "2026-12-06x", "not a date", "", "12345"]
        // The text of 20,000 dates over the years the arithmetic covers, and of each date cut to seconds and to minutes.
        let first: Int64 = -12_212_553_600, span: Int64 = 253_402_300_800 - first
        for index in Int64(0)..<20_000 {
            let date = Date(timeIntervalSince1970: Double(first + (index * 12_676_169_387) % span) + Double(index % 1000) / 1000)
            let text = StoredDate.text(date)
            texts += [text, String(text.prefix(19)), String(text.prefix(16))]
        }
        var differences: [String] = []
        for text in texts {
            let ours = StoredDate.date(from: text.databaseValue), theirs = Date.fromDatabaseValue(text.databaseValue)
            if ours?.timeIntervalSinceReferenceDate.bitPattern != theirs?.timeIntervalSinceReferenceDate.bitPattern {
                differences.append("\(text): \(ours.map { "\($0.timeIntervalSinceReferenceDate)" } ?? "nil") against \(theirs.map { "\($0.timeIntervalSinceReferenceDate)" } ?? "nil")")
            }
        }
        let count = differences.count, shown = differences.prefix(5).joined(separator: "; ")
        #expect(count == 0, "\(count) of \(texts.count) differ, first: \(shown)")
        #expect(StoredDate.parse("2026-12-06 05:39:32.123") != nil && StoredDate.parse("2026-12-06 05:39:32.123Z") == nil,
                "the stored form is read by arithmetic, a time zone by GRDB")
        #expect(StoredDate.date(from: 1_765_000_000.5.databaseValue) == Date(timeIntervalSince1970: 1_765_000_000.5))
    }

    @Test("the records read by hand give back every field they were written with, and a row that is not theirs is an error, not a trap")
    func recordsReadByHand() throws {
        let path = TestSupport.temporaryDirectory() + "/state/state.db"
        let database = try StateDatabase(path: path, redactor: SecretRedactor())
        var full = TokenMetadata(server: "a", account: "work", expiresAt: Date(timeIntervalSince1970: 1_765_000_000.25), scopes: "mcp:read",
                                 issuer: "https://as", tokenType: "DPoP", obtainedAt: Date(timeIntervalSince1970: 1_764_990_000.5),
                                 refreshObtainedAt: Date(timeIntervalSince1970: 1_764_980_000), rotationCount: 3, subject: "alice")
        full.tokenEndpoint = "https://as/token"; full.revocationEndpoint = "https://as/revoke"; full.clientId = "c"
        full.resource = "https://mcp/x"; full.loginRequired = "invalid_grant"
        let bare = TokenMetadata(server: "b", obtainedAt: Date(timeIntervalSince1970: 1_764_990_000))
        try database.save(full)
        try database.save(bare)
        #expect(try database.allTokenMetadata() == [full, bare])
        var event = JournalEvent(time: Date(timeIntervalSince1970: 1_765_000_000.125), server: "a", account: "work", operation: .whoami,
                                 outcome: .success, httpStatus: 200, challenge: "Bearer", message: "ok")
        event.latencyMilliseconds = 12
        let bareEvent = JournalEvent(time: Date(timeIntervalSince1970: 1_765_000_001), server: nil, operation: .status, outcome: .failure, message: "no")
        try database.append(event)
        try database.append(bareEvent)
        let read = try database.events(since: Date(timeIntervalSince1970: 1_764_000_000))
        #expect(read.map { var copy = $0; copy.id = nil; return copy } == [bareEvent, event])
        try DatabaseQueue(path: path).write {
            try $0.execute(sql: "INSERT INTO events (time, server, operation, outcome, message) VALUES ('2025-12-06 06:00:00.000', 'x', 'status', 'sideways', 'm')")
        }
        #expect(throws: (any Error).self) { _ = try database.events(since: Date(timeIntervalSince1970: 1_764_000_000)) }
        try DatabaseQueue(path: path).write { try $0.execute(sql: "UPDATE token_metadata SET obtainedAt = 'yesterday' WHERE server = 'b'") }
        #expect(throws: (any Error).self) { _ = try database.allTokenMetadata() }
    }

    @Test("records are written with it, and read back by GRDB's parser to the millisecond")
    func recordsRoundTrip() throws {
        let path = TestSupport.temporaryDirectory() + "/state/state.db"
        let database = try StateDatabase(path: path, redactor: SecretRedactor())
        let time = Date(timeIntervalSince1970: 1_765_000_000.125)
        try database.append(JournalEvent(time: time, server: "a", operation: .status, outcome: .failure, message: "refused"))
        let stored = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "SELECT time FROM events") }
        #expect(stored == StoredDate.text(time) && stored == Self.grdbText(time))
        #expect(try database.events(since: time).map(\.time.timeIntervalSince1970) == [1_765_000_000.125])
        #expect(try database.events(since: time.addingTimeInterval(0.001)).isEmpty)
    }

    /// A record type with date columns, and the strategies GRDB's encoder and decoder find for it, asked as GRDB asks (generically).
    struct RecordDates {
        let name: String
        let encoding: DatabaseDateEncodingStrategy
        let decoding: DatabaseDateDecodingStrategy

        init<Record: EncodableRecord & FetchableRecord>(_ type: Record.Type) {
            name = "\(type)"
            encoding = Record.databaseDateEncodingStrategy(for: "any")
            decoding = Record.databaseDateDecodingStrategy(for: "any")
        }
    }

    /// Every record type with a date column.
    static func records() -> [RecordDates] {
        [RecordDates(JournalEvent.self), RecordDates(TokenMetadata.self), RecordDates(ClientRegistration.self),
         RecordDates(SecretChange.self), RecordDates(TokenVerdict.self), RecordDates(AgentStatus.self)]
    }

    @Test("every record with a date column reads it through StoredDate (GRDB's decoder sees the custom strategy)")
    func everyRecordReadsWithIt() {
        let records = Self.records().map { ($0.name, $0.decoding) }
        for (name, strategy) in records {
            guard case .custom(let decode) = strategy else {
                Issue.record("\(name) reads dates through GRDB's Calendar")
                continue
            }
            #expect(decode("2026-12-06 05:39:32.500".databaseValue) == Date(timeIntervalSince1970: 1_796_535_572.5), "\(name)")
        }
    }

    @Test("every record with a date column writes it through StoredDate (GRDB's encoder sees the custom strategy)")
    func everyRecordUsesIt() {
        let records = Self.records().map { ($0.name, $0.encoding) }
        for (name, strategy) in records {
            guard case .custom(let encode) = strategy else {
                Issue.record("\(name) encodes dates with GRDB's default DateFormatter")
                continue
            }
            let date = Date(timeIntervalSince1970: 1_765_000_000.5)
            #expect(String.fromDatabaseValue(encode(date)?.databaseValue ?? .null) == StoredDate.text(date), "\(name)")
        }
    }
}
