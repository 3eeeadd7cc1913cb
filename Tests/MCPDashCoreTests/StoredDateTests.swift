import Foundation
import GRDB
import Testing
@testable import MCPDashCore

/// `StoredDate` writes the text GRDB's own `DateFormatter` would, without ICU.
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

    /// The strategy GRDB's record encoder finds for `Record`, asked as GRDB asks it (generically).
    static func strategy<Record: EncodableRecord>(of _: Record.Type) -> DatabaseDateEncodingStrategy { Record.databaseDateEncodingStrategy(for: "any") }

    @Test("every record with a date column writes it through StoredDate (GRDB's encoder sees the custom strategy)")
    func everyRecordUsesIt() {
        let records: [(String, DatabaseDateEncodingStrategy)] = [
            ("JournalEvent", Self.strategy(of: JournalEvent.self)), ("TokenMetadata", Self.strategy(of: TokenMetadata.self)),
            ("ClientRegistration", Self.strategy(of: ClientRegistration.self)), ("SecretChange", Self.strategy(of: SecretChange.self)),
            ("TokenVerdict", Self.strategy(of: TokenVerdict.self)), ("AgentStatus", Self.strategy(of: AgentStatus.self)),
        ]
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
