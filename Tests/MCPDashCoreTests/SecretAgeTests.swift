import Foundation
@testable import MCPDashCore
import Testing

/// Secret ages and every knowable expiry: what `SecretSightings` records and what EXPIRES and LOGIN say.
@Suite("secret ages and expiries")
struct SecretAgeTests {
    func database() throws -> StateDatabase {
        try StateDatabase(path: TestSupport.temporaryDirectory() + "/state.db", redactor: SecretRedactor())
    }

    /// A JWT with `exp` at `expiry`, unsigned (only its payload is read).
    func jwt(expiry: Date) -> String {
        let payload = Base64URL.encode(Data(#"{"sub":"alice","exp":\#(Int(expiry.timeIntervalSince1970))}"#.utf8))
        return "eyJhbGciOiJIUzI1NiJ9.\(payload).c2ln"
    }

    @Test("a value is recorded once, when first read; a new value restarts its age; a value stored by an older mcpdash keeps its date")
    func sightings() throws {
        let database = try database()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        SecretSightings(database: database).saw("canary-value-1", server: "s", account: "default", field: "token", now: start)
        SecretSightings(database: database).saw("canary-value-1", server: "s", account: "default", field: "token", now: start + 86_400 * 5)
        var record = try #require(try database.secretChange(server: "s", account: "default", field: "token"))
        #expect(record.changedAt == start && record.firstSeen && record.expiresAt == nil)
        #expect(record.ageDays(now: start + 86_400 * 5) == 5)

        let later = start + 86_400 * 10
        let token = jwt(expiry: later + 3600)
        SecretSightings(database: database).saw(token, server: "s", account: "default", field: "token", now: later)
        record = try #require(try database.secretChange(server: "s", account: "default", field: "token"))
        #expect(record.changedAt == later && record.expiresAt == later + 3600)
        #expect(record.fingerprint != nil && record.fingerprint?.contains("canary") == false && record.fingerprint?.count == 32)

        try database.save(SecretChange(server: "t", account: "default", field: "apiKey", changedAt: start))
        SecretSightings(database: database).saw("canary-value-2", server: "t", account: "default", field: "apiKey", now: later)
        record = try #require(try database.secretChange(server: "t", account: "default", field: "apiKey"))
        #expect(record.changedAt == start && !record.firstSeen && record.fingerprint != nil)
    }

    @Test("a token that is not a JWT has no expiry; an absurd exp is clamped")
    func notJWTs() {
        #expect(TokenClaims.unverified("opaque-token") == nil)
        #expect(TokenClaims.unverified("a.%%%.c") == nil)
        let absurd = TokenClaims.unverified("a." + Base64URL.encode(Data(#"{"exp":1e300}"#.utf8)) + ".c")?.expiresAt
        #expect(absurd.map { $0 <= Date(timeIntervalSince1970: 32_503_680_000) } == true, "an absurd exp is clamped, not trapped on")
        #expect(TokenClaims.unverified("a." + String(repeating: "A", count: 20_000) + ".c") == nil)
    }

    @Test("EXPIRES: the session's token, then a static JWT, then a secret past policy, then a minted JWT's lifetime, then the age")
    func expiryOrder() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let summary = ServerSummary(broken: BrokenServer(name: "s", error: .syntax(file: "f", line: 1, column: 1, message: "x")))
        var overview = ServerOverview(summary: summary, account: "default", hasExpiringToken: false, session: nil, registration: nil,
                                      lastCheck: nil, whoamiLatencyMilliseconds: nil, failuresByHour: [], lastFailure: nil)
        overview.summary.error = nil
        #expect(overview.expiry(now: now) == .unknown)
        #expect(overview.expiry(now: now).text(now: now) == "—")
        overview.secrets = [SecretChange(server: "s", account: "default", field: "apiKey", changedAt: now - 86_400 * 12, firstSeen: true)]
        #expect(overview.expiry(now: now).text(now: now) == "age 12d")
        #expect(overview.expiry(now: now).severity(now: now, warnSeconds: 300) == .muted)
        overview.mintedLifetimeSeconds = 3600
        #expect(overview.expiry(now: now).text(now: now) == "minted 1h00m")
        overview.secrets[0].changedAt = now - 86_400 * 120
        #expect(overview.expiry(now: now) == .secretAge(days: 120, policyDays: 90, firstSeen: true))
        #expect(overview.expiry(now: now).text(now: now) == "rotate: 120d")
        #expect(overview.expiry(now: now).severity(now: now, warnSeconds: 300) == .warning)
        #expect(overview.secretsPastPolicy(now: now).map(\.field) == ["apiKey"])
        #expect(overview.loginState(now: now) == .notApplicable)
        overview.secrets.append(SecretChange(server: "s", account: "default", field: "token", changedAt: now, expiresAt: now - 180))
        #expect(overview.expiry(now: now).text(now: now) == "expired 3m00s ago")
        #expect(overview.expiry(now: now).severity(now: now, warnSeconds: 300) == .danger)
        #expect(overview.loginState(now: now) == .expired)
        overview.session = TokenMetadata(server: "s", expiresAt: now + 2520, obtainedAt: now)
        overview.usesTokenEndpoint = true
        #expect(overview.expiry(now: now).text(now: now) == "42m00s")
        #expect(overview.loginState(now: now) == .ok)
        overview.session?.expiresAt = now - 1
        #expect(overview.loginState(now: now) == .expired, "expired and no refresh token")
        overview.renewable = true
        #expect(overview.loginState(now: now) == .ok, "a refresh renews it unattended")
        overview.session?.loginRequired = "invalid_grant"
        #expect(overview.loginState(now: now) == .loginRequired)
    }
}
