import Foundation
import GRDB
import Testing
@testable import MCPDashCore

@Suite("State database")
struct StateDatabaseTests {
    let path = TestSupport.temporaryDirectory() + "/state/state.db"

    @Test("token metadata, registrations and events round-trip; the file is in WAL mode")
    func roundTrip() throws {
        let database = try StateDatabase(path: path, redactor: SecretRedactor())
        let expiry = Date(timeIntervalSince1970: 1_900_000_000)
        let metadata = TokenMetadata(server: "gekkovet", account: "work", expiresAt: expiry, scopes: "openid email",
                                     issuer: "https://mcp.gekkovet.workers.dev", tokenType: "Bearer",
                                     obtainedAt: Date(timeIntervalSince1970: 1_899_996_400), rotationCount: 2, subject: "vet@example.com")
        try database.save(metadata)
        #expect(try database.tokenMetadata(server: "gekkovet", account: "work") == metadata)
        #expect(try database.tokenMetadata(server: "gekkovet") == nil)
        try database.deleteTokenMetadata(server: "gekkovet", account: "work")
        #expect(try database.allTokenMetadata().isEmpty)

        let registration = ClientRegistration(issuer: "https://as.example/", clientId: "dcr-123", kind: .dynamic,
                                              redirectURIs: ["http://127.0.0.1:3000/callback"], registeredAt: Date(timeIntervalSince1970: 1_800_000_000))
        try database.save(registration)
        #expect(try database.registration(issuer: "https://as.example/") == registration)
        #expect(try database.registration(issuer: "https://as.example") == nil, "issuers compare exactly")

        try database.append(JournalEvent(time: Date(timeIntervalSince1970: 100), server: "a", operation: .login, outcome: .success, message: "ok"))
        try database.append(JournalEvent(time: Date(timeIntervalSince1970: 200), server: "b", operation: .whoami, outcome: .failure,
                                         httpStatus: 401, challenge: #"Bearer error="invalid_token""#, message: "rejected"))
        #expect(try database.events().map(\.server) == ["b", "a"])
        #expect(try database.events(server: "a").count == 1)
        #expect(try database.events(since: Date(timeIntervalSince1970: 150)).map(\.operation) == [.whoami])

        let mode = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test("records written by hand name every column of their table, replace by primary key, and read back field for field")
    func handWrittenRows() throws {
        let database = try StateDatabase(path: path, redactor: SecretRedactor())
        let queue = try DatabaseQueue(path: path)
        // A column a migration adds but `columnNames` lacks would be reset by INSERT OR REPLACE: none may be missing.
        let tables: [(String, [String])] = [(TokenMetadata.databaseTableName, TokenMetadata.columnNames),
                                            (ClientRegistration.databaseTableName, ClientRegistration.columnNames),
                                            (JournalEvent.databaseTableName, JournalEvent.columnNames)]
        for (table, columns) in tables {
            let actual = try queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]) }
            #expect(Set(actual) == Set(columns), "\(table)")
            #expect(actual.count == columns.count, "\(table)")
        }
        var full = TokenMetadata(server: "s", account: "a", expiresAt: Date(timeIntervalSince1970: 1_900_000_000.25), scopes: "x y", issuer: "https://i/",
                                 tokenType: "DPoP", obtainedAt: Date(timeIntervalSince1970: 1_899_990_000.5),
                                 refreshObtainedAt: Date(timeIntervalSince1970: 1_899_000_000), rotationCount: 3, subject: "me")
        full.tokenEndpoint = "https://i/token"
        full.revocationEndpoint = "https://i/revoke"
        full.clientId = "c"
        full.resource = "https://mcp/"
        full.loginRequired = "invalid_grant"
        try database.save(full)
        #expect(try database.tokenMetadata(server: "s", account: "a") == full)
        let sparse = TokenMetadata(server: "s", account: "a", obtainedAt: Date(timeIntervalSince1970: 1_899_999_999))
        try database.save(sparse)
        #expect(try database.tokenMetadata(server: "s", account: "a") == sparse, "a save replaces the row, optional columns too")
        #expect(try database.allTokenMetadata().count == 1)

        var registration = ClientRegistration(issuer: "https://as/", clientId: "one", kind: .metadataDocument, redirectURIs: ["http://127.0.0.1:1/cb", "http://localhost:1/cb"],
                                              tokenEndpointAuthMethod: "none", registeredAt: Date(timeIntervalSince1970: 1_800_000_000.125),
                                              clientSecretExpiresAt: Date(timeIntervalSince1970: 1_900_000_000), server: "s")
        registration.scope = "mcp:read"
        try database.save(registration)
        #expect(try database.registration(issuer: "https://as/") == registration)
        registration.clientId = "two"
        registration.scope = nil
        try database.save(registration)
        #expect(try database.registrations() == [registration])

        let first = try database.append(JournalEvent(time: Date(timeIntervalSince1970: 300.5), server: nil, operation: .whoami, outcome: .info, message: "m"))
        var second = JournalEvent(time: Date(timeIntervalSince1970: 301), server: "s", account: "a", operation: .login, outcome: .failure,
                                  httpStatus: 401, challenge: "Bearer", message: "n")
        second.latencyMilliseconds = 12
        let stored = try database.append(second)
        #expect(first.id != nil && stored.id == first.id.map { $0 + 1 })
        second.id = stored.id
        #expect(try database.events() == [second, first])
    }

    @Test("the database and its directory are private (0600 in 0700), even when they existed with looser modes")
    func privateFiles() throws {
        let directory = TestSupport.temporaryDirectory() + "/loose"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let file = directory + "/state.db"
        FileManager.default.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o644])
        let database = try StateDatabase(path: file)
        try database.append(JournalEvent(server: "a", operation: .login, outcome: .success, message: "ok"))
        func mode(_ path: String) throws -> Int? { try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int }
        #expect(try mode(directory) == 0o700)
        for path in [file, file + "-wal", file + "-shm"] where FileManager.default.fileExists(atPath: path) {
            #expect(try mode(path) == 0o600, "\(path)")
        }
    }

    @Test("the journal is append-only")
    func appendOnly() throws {
        let database = try StateDatabase(path: path)
        try database.append(JournalEvent(server: "a", operation: .login, outcome: .success, message: "ok"))
        let queue = try DatabaseQueue(path: path)
        #expect(throws: (any Error).self) { try queue.write { try $0.execute(sql: "UPDATE events SET message = 'x'") } }
        #expect(throws: (any Error).self) { try queue.write { try $0.execute(sql: "DELETE FROM events") } }
    }

    @Test("no secret reaches the database: known values, JWTs and Authorization credentials are redacted from the journal")
    func journalIsRedacted() throws {
        let redactor = SecretRedactor()
        redactor.remember("canary-known-secret-4242")
        redactor.remember("canary-bearer-in-challenge-777")
        let database = try StateDatabase(path: path, redactor: redactor)
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlLWNhbmFyeQ"
        try database.append(JournalEvent(server: "a", operation: .refresh, outcome: .failure, httpStatus: 401,
                                         challenge: "Bearer canary-bearer-in-challenge-777",
                                         message: "sent canary-known-secret-4242 and \(jwt) and Authorization: Bearer canary-opaque-token-31337"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path)) + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
        let text = String(decoding: bytes, as: UTF8.self)
        for canary in ["canary-known-secret-4242", jwt, "canary-opaque-token-31337", "canary-bearer-in-challenge-777"] {
            #expect(!text.contains(canary), "\(canary) reached the database file")
        }
        #expect(try database.events().first?.message.contains(SecretRedactor.mask) == true)
    }

    @Test("two processes' worth of connections write concurrently without losing events")
    func concurrentWriters() async throws {
        let first = try StateDatabase(path: path)
        let second = try StateDatabase(path: path)
        await withTaskGroup(of: Void.self) { group in
            for (index, database) in [first, second].enumerated() {
                group.addTask {
                    for event in 0..<50 {
                        _ = try? database.append(JournalEvent(server: "s\(index)", operation: .status, outcome: .success, message: "\(event)"))
                    }
                }
            }
        }
        #expect(try first.events().count == 100)
    }

    @Test("an unusable location is a clear error naming the path")
    func cannotOpen() {
        #expect(throws: StateDatabaseError.self) { try StateDatabase(path: "/proc/mcpdash/state.db") }
        do { _ = try StateDatabase(path: "/proc/mcpdash/state.db") } catch { #expect(error.summary.contains("/proc/mcpdash/state.db")) }
    }

    @Test("the event digest: hourly failures over 24 h, the latest check, the latest whoami latency, the latest failure")
    func eventDigest() throws {
        let database = try StateDatabase(path: TestSupport.temporaryDirectory() + "/state.db")
        let now = Date(timeIntervalSince1970: 1_795_262_400)
        func event(_ secondsAgo: TimeInterval, _ operation: String, _ outcome: JournalEvent.Outcome, server: String = "a",
                   latency: Int? = nil) throws {
            var event = JournalEvent(time: now.addingTimeInterval(-secondsAgo), server: server, operation: OperationKind(rawValue: operation), outcome: outcome,
                                     message: "\(operation) \(outcome.rawValue) \(Int(secondsAgo))")
            event.latencyMilliseconds = latency
            try database.append(event)
        }
        try event(25 * 3600, "status", .failure)          // older than a day: not counted
        try event(2 * 3600 + 60, "status", .failure)      // two hours ago
        for minutes in [55.0, 50, 40, 30, 20, 10] { try event(minutes * 60, "refresh", .failure) }   // appended as they happen: oldest first
        try event(120, "whoami", .success, latency: 42)
        try event(60, "status", .success)
        try event(30, "login", .info)
        try event(10, "status", .failure, server: "b")
        let digests = try database.eventDigests(now: now)
        let a = try #require(digests["a"])
        #expect(a.failuresByHour[23] == 6 && a.failuresByHour[21] == 1 && a.failuresByHour.reduce(0, +) == 7)
        #expect(a.lastCheck?.operation == .status && a.lastCheck?.outcome == .success)
        #expect(a.whoamiLatencyMilliseconds == 42)
        #expect(a.lastFailure?.message == "refresh failure 600")
        #expect(digests["b"]?.lastCheck?.outcome == .failure)
        #expect(digests["b"]?.lastFailure == digests["b"]?.lastCheck, "one event may be the latest of two kinds")
        try event(5, "whoami", .failure, server: "b", latency: 7)
        try event(4, "login", .success, server: "b")
        let later = try #require(try database.eventDigests(now: now)["b"])
        #expect(later.lastCheck?.operation == .whoami && later.lastFailure?.operation == .whoami)
        #expect(later.whoamiLatencyMilliseconds == nil, "only a successful whoami gives a latency")
        #expect(later.failuresByHour[23] == 2)
    }
}
