import Foundation
import MetricsTestKit
import Synchronization
import Testing
@testable import MCPDashCore

@Suite("Refresh agent, in the core")
struct AgentUnitTests {
    let now = Date(timeIntervalSince1970: 1_900_000_000)

    @Test("renewal lead: ten minutes, the margin when longer, never more than half the lifetime")
    func renewalLead() {
        #expect(RenewalSchedule.lead(lifetime: 3600, margin: 60) == 600)
        #expect(RenewalSchedule.lead(lifetime: 3600, margin: 900) == 900)
        #expect(RenewalSchedule.lead(lifetime: 30, margin: 60) == 15)
        #expect(RenewalSchedule.lead(lifetime: 0, margin: 60) == 0)
        let hour = TokenMetadata(server: "a", expiresAt: now.addingTimeInterval(3600), obtainedAt: now)
        #expect(RenewalSchedule.renewAt(hour, margin: 60) == now.addingTimeInterval(3000))
        #expect(!RenewalSchedule.isDue(hour, margin: 60, now: now.addingTimeInterval(2999)))
        #expect(RenewalSchedule.isDue(hour, margin: 60, now: now.addingTimeInterval(3000)))
        #expect(RenewalSchedule.renewAt(TokenMetadata(server: "a", obtainedAt: now), margin: 60) == nil, "no expiry, never due")
        let backwards = TokenMetadata(server: "a", expiresAt: now.addingTimeInterval(-10), obtainedAt: now)
        #expect(RenewalSchedule.isDue(backwards, margin: 60, now: now), "an expiry before issue is due at once")
    }

    @Test("failure backoff doubles from 2 s and stops at 60 s")
    func backoff() {
        #expect((0...8).map { RenewalSchedule.backoff(failures: $0) } == [0, 2, 4, 8, 16, 32, 60, 60, 60])
        #expect(RenewalSchedule.backoff(failures: .max) == 60)
    }

    @Test("only client credentials and workload identity obtain a first token without a person")
    func unattended() throws {
        let config = try TestSupport.parse(#"""
            {"mcpServers": {
              "cc": {"url": "https://a.example/mcp", "auth": {"method": "clientCredentials", "tokenURL": "https://a.example/token", "clientId": "c", "clientSecret": "keyring:"}},
              "oauth": {"url": "https://b.example/mcp", "auth": {"method": "oauth"}}}}
            """#)
        #expect(RenewalSchedule.obtainsUnattended(try #require(config.server(named: "cc")).auth))
        #expect(!RenewalSchedule.obtainsUnattended(try #require(config.server(named: "oauth")).auth))
    }

    @Test("--metrics addresses: a bare port is loopback; host:port and [IPv6]:port; garbage is refused")
    func listenAddresses() {
        #expect(ListenAddress(parsing: "9464") == ListenAddress(host: "127.0.0.1", port: 9464))
        #expect(ListenAddress(parsing: "0.0.0.0:9464")?.isLoopback == false)
        #expect(ListenAddress(parsing: "[::1]:9464") == ListenAddress(host: "::1", port: 9464))
        #expect(ListenAddress(parsing: "[::1]:9464")?.description == "[::1]:9464")
        #expect(ListenAddress(parsing: "localhost:1")?.isLoopback == true)
        for bad in ["", "x", "99999", "-1", "host:", ":9464", "a b:1", "::1:9464", "[::1]9464", "1.2.3.4:9464;rm", "９４６４"] {
            #expect(ListenAddress(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("failure reasons: 401, 403 insufficient_scope, invalid_grant, invalid_client, network; others have none")
    func reasons() {
        func transport(_ kind: MCPTransportError.Kind, challenge: String? = nil) -> MCPTransportError {
            MCPTransportError(kind, server: "s", url: "https://s/mcp", challenges: challenge.map { [$0] } ?? [], message: "m")
        }
        #expect(AuthFailureReason(transport: transport(.httpStatus(401))) == .unauthorized)
        #expect(AuthFailureReason(transport: transport(.httpStatus(403), challenge: #"Bearer error="insufficient_scope", scope="a b""#)) == .insufficientScope)
        #expect(AuthFailureReason(transport: transport(.httpStatus(403))) == .unauthorized)
        #expect(AuthFailureReason(transport: transport(.timeout)) == .network)
        #expect(AuthFailureReason(transport: transport(.httpStatus(500))) == nil)
        #expect(AuthFailureReason(renewal: OAuthError(.loginRequired, server: "s", message: "m")) == .invalidGrant)
        #expect(AuthFailureReason(renewal: OAuthError(.invalidClient, server: "s", message: "m")) == .invalidClient)
        #expect(AuthFailureReason(renewal: OAuthError(.unreachable, server: "s", message: "m")) == .network)
        #expect(AuthFailureReason(renewal: OAuthError(.malformedResponse, server: "s", message: "m")) == nil)
    }

    @Test("metrics: counters start at zero per reason and outcome; checks set up and failure gauges; a gone server's series are destroyed")
    func metrics() throws {
        let factory = TestMetrics()
        let metrics = AgentMetrics(factory: factory)
        metrics.prepare(server: "a")
        metrics.prepare(server: "b")
        #expect(factory.counters(label: AgentMetrics.Name.authFailures.rawValue).count == 10)
        #expect(try factory.expectCounter("mcpdash_refresh_total", [("server", "a"), ("outcome", "failure")]).totalValue == 0)
        var report = HealthReport(server: "a", transport: .http, outcome: .unauthorized, latencyMilliseconds: nil, httpStatus: 401, detail: "no")
        report.failureReason = .unauthorized
        metrics.checked(report, at: now)
        #expect(try factory.expectGauge("mcpdash_server_up", [("server", "a")]).lastValue == 0)
        #expect(try factory.expectGauge("mcpdash_server_failure", [("server", "a"), ("reason", "unauthorized")]).lastValue == 1)
        #expect(try factory.expectGauge("mcpdash_server_failure", [("server", "a"), ("reason", "network")]).lastValue == 0)
        #expect(try factory.expectCounter("mcpdash_auth_failures_total", [("server", "a"), ("reason", "unauthorized")]).totalValue == 1)
        #expect(try factory.expectGauge("mcpdash_server_check_timestamp_seconds", [("server", "a")]).lastValue == now.timeIntervalSince1970)
        metrics.checked(HealthReport(server: "a", transport: .http, outcome: .ok, latencyMilliseconds: 12.5, httpStatus: nil, detail: "ok"), at: now)
        #expect(try factory.expectGauge("mcpdash_server_up", [("server", "a")]).lastValue == 1)
        #expect(try factory.expectGauge("mcpdash_server_failure", [("server", "a"), ("reason", "unauthorized")]).lastValue == 0)
        #expect(try factory.expectTimer("mcpdash_request_duration_seconds", [("server", "a")]).lastValue == 12_500_000)
        metrics.checked(HealthReport(server: "a", transport: .http, outcome: .disabled, latencyMilliseconds: nil, httpStatus: nil, detail: ""), at: now)
        #expect(try factory.expectGauge("mcpdash_server_up", [("server", "a")]).lastValue == 1, "a disabled server records nothing")

        let key = AgentMetrics.TokenKey(server: "b", account: "work")
        metrics.token(key, expiresAt: now, renewalDue: true, failing: true)
        #expect(try factory.expectGauge("mcpdash_token_expiry_timestamp_seconds", [("server", "b"), ("account", "work")]).lastValue == now.timeIntervalSince1970)
        #expect(try factory.expectGauge("mcpdash_token_renewal_due", [("server", "b"), ("account", "work")]).lastValue == 1)
        metrics.refreshed(server: "b", outcome: .failure, reason: .invalidGrant)
        #expect(try factory.expectCounter("mcpdash_auth_failures_total", [("server", "b"), ("reason", "invalid_grant")]).totalValue == 1)
        metrics.retain(tokens: [])
        #expect(throws: (any Error).self) { try factory.expectGauge("mcpdash_token_renewal_due", [("server", "b"), ("account", "work")]) }
        #expect(try factory.expectCounter("mcpdash_refresh_total", [("server", "b"), ("outcome", "failure")]).totalValue == 1, "counters stay")
        metrics.retain(servers: ["b"])
        #expect(throws: (any Error).self) { try factory.expectGauge("mcpdash_server_up", [("server", "a")]) }
        #expect(throws: (any Error).self) { try factory.expectCounter("mcpdash_refresh_total", [("server", "a"), ("outcome", "success")]) }
        #expect(factory.counters(label: AgentMetrics.Name.authFailures.rawValue).count == 5)
    }

    @Test("the agent's status row: running while its heartbeat is fresh; stopped or stale otherwise; its last action redacted")
    func status() throws {
        let database = try StateDatabase(path: TestSupport.temporaryDirectory() + "/state.db", redactor: SecretRedactor())
        #expect(try database.agentStatus() == nil)
        var status = AgentStatus(pid: 77, startedAt: now, metricsAddress: "127.0.0.1:9464")
        status.lastAction = "refreshed a"
        status.lastActionAt = now.addingTimeInterval(3)
        try database.save(status)
        let stored = try #require(try database.agentStatus())
        #expect(stored == status)
        #expect(stored.isRunning(now: now.addingTimeInterval(14)))
        #expect(!stored.isRunning(now: now.addingTimeInterval(15)))
        #expect(stored.summary(now: now.addingTimeInterval(10)) == "running (pid 77) for 10s, metrics on 127.0.0.1:9464; last: refreshed a 7s ago")
        #expect(stored.summary(now: now.addingTimeInterval(100)).hasPrefix("not running (pid 77 stopped answering 1m40s ago)"))
        status.stoppedAt = now.addingTimeInterval(20)
        try database.save(status)
        #expect(try database.agentStatus()?.summary(now: now.addingTimeInterval(80)) == "stopped 1m0s ago; last: refreshed a 1m17s ago")

        let redactor = SecretRedactor()
        let redacting = try StateDatabase(path: TestSupport.temporaryDirectory() + "/state.db", redactor: redactor)
        redactor.remember("canary-agent-secret-0001")
        status.lastAction = "saw canary-agent-secret-0001"
        try redacting.save(status)
        #expect(try redacting.agentStatus()?.lastAction?.contains("canary-agent-secret-0001") == false)
    }

    @Test("the agent checks each server on its interval, keeps the old config when a change is broken, and drops a removed server's series")
    func agentLoop() async throws {
        let directory = TestSupport.temporaryDirectory()
        let path = directory + "/servers.json"
        // Port 9 on loopback refuses connections: a check fails fast, for the network reason.
        func write(_ text: String) throws {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        try write(#"{"mcpServers": {"down": {"url": "http://127.0.0.1:9/mcp"}}}"#)
        let location = ConfigLocation(path: path, reason: "the test names it")
        let database = try StateDatabase(path: directory + "/state/state.db", redactor: SecretRedactor())
        let factory = TestMetrics()
        let events = Mutex<[AgentEvent]>([])
        let agent = try RefreshAgent(source: { try ConfigLoader.load(location, processEnvironment: [:]) },
                                     stores: SecretStores(keyring: InMemorySecretStore(), file: InMemorySecretStore()), database: database,
                                     metrics: AgentMetrics(factory: factory), options: RefreshAgent.Options(checkInterval: 1),
                                     log: { event in events.withLock { $0.append(event) } })
        let running = Task { await agent.run() }
        func waitFor(_ what: String, _ condition: () throws -> Bool) async throws {
            for _ in 0..<100 where !(try condition()) { try await Task.sleep(for: .milliseconds(100)) }
            #expect(try condition(), "waited 10 s for: \(what)")
        }
        try await waitFor("two failed checks of down") {
            (try? factory.expectCounter("mcpdash_auth_failures_total", [("server", "down"), ("reason", "network")]).totalValue ?? 0) ?? 0 >= 2
        }
        #expect(try factory.expectGauge("mcpdash_server_up", [("server", "down")]).lastValue == 0)
        #expect(try factory.expectGauge("mcpdash_server_failure", [("server", "down"), ("reason", "network")]).lastValue == 1)
        let changes = events.withLock { $0 }.filter { if case .healthChanged = $0 { true } else { false } }
        #expect(changes.count == 1, "only a changed outcome is logged: \(changes)")
        #expect(try database.events(server: "down").count == 1, "and journaled once")
        #expect(try database.agentStatus()?.isRunning(now: Date()) == true)

        try write(#"{"mcpServers": {"down": {"url": "#)
        try await waitFor("the broken change is rejected") {
            events.withLock { $0 }.contains { if case .configRejected = $0 { true } else { false } }
        }
        #expect(await agent.currentConfig.server(named: "down") != nil, "the old config stays")
        #expect(try factory.expectGauge("mcpdash_config_last_reload_success").lastValue == 0)

        try write(#"{"mcpServers": {"other": {"url": "http://127.0.0.1:9/other"}}}"#)
        try await waitFor("the fixed config is read") { events.withLock { $0 }.contains(.configReloaded(servers: 1, broken: 0)) }
        #expect(try factory.expectGauge("mcpdash_config_last_reload_success").lastValue == 1)
        #expect(throws: (any Error).self) { try factory.expectGauge("mcpdash_server_up", [("server", "down")]) }
        try await waitFor("other is checked") { (try? factory.expectGauge("mcpdash_server_up", [("server", "other")])) != nil }

        running.cancel()
        await running.value
        let stopped = try #require(try database.agentStatus())
        #expect(stopped.stoppedAt != nil && !stopped.isRunning(now: Date()))
    }
}
