import AsyncHTTPClient
import Foundation
import MCPDashCore
import Testing

/// `mcpdash agent` against live peers (`Tests/Peers/agent_peer.py`) and a real Prometheus.
@Suite("The refresh agent against live peers and a real Prometheus", .serialized)
struct AgentCLITests {
    let cli = CLIRunner()
    let name = "agent-\(UUID().uuidString.prefix(8).lowercased())"

    func cleanUp(_ names: [String]) async {
        for server in names { try? await cli.clearSecret(server: server, field: "accessToken") }
    }

    /// A client-credentials entry for `server` at `peer`, its secret from `$variable`.
    func entry(_ server: String, peer: PeerServer, variable: String) -> String {
        #"""
        "\#(server)": {"url": "\#(peer.url)",
          "auth": {"method": "clientCredentials", "tokenURL": "http://127.0.0.1:\#(peer.port)/token",
                   "clientId": "svc", "clientSecret": "${\#(variable)}"}}
        """#
    }

    /// Flips the peer's switches (`unauthorized=1`, `token_down=0`…).
    func control(_ peer: PeerServer, _ query: String) async throws {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(peer.port)/control?\(query)"), timeout: .seconds(5))
        #expect(response.status == .ok)
    }

    static func agentPeer(secret: String, ttl: Int) -> [String] { ["--client", "svc:\(secret)", "--ttl", "\(ttl)"] }

    @Test("a 20-second token is renewed by the agent before it expires while `mcpdash token` runs concurrently: every token came from the agent's renewals, every call was served")
    func renewsWhileTokenCallsRun() async throws {
        let secret = "canary-agent-client-\(UUID().uuidString.prefix(8))"
        try await PeerServer.with(Self.agentPeer(secret: secret, ttl: 20), script: "agent_peer.py") { peer in
            // The agent renews at half the lifetime (10 s left); a `token` call renews only within
            // the 1-second margin. The 9 s between them is slack for a loaded machine.
            try cli.writeConfig("""
                {"settings": {"refreshMarginSeconds": 1}, "mcpServers": {\(entry(name, peer: peer, variable: "SVC_SECRET"))}}
                """)
            defer { Task { [name] in await cleanUp([name]) } }
            let environment: [String: String?] = ["SVC_SECRET": secret]
            let outcome = try await AgentProcess.with(cli, ["agent", "--check-interval", "5"], environment: environment) { agent in
                try await agent.waitForLine(containing: "refreshed \(name) (client_credentials)")
                var tokens: [String] = []
                let deadline = ContinuousClock.now + .seconds(24)
                while ContinuousClock.now < deadline {
                    let batch = try await withThrowingTaskGroup(of: CLIRunner.Result.self) { group in
                        for _ in 0..<3 { group.addTask { try await cli.run(["token", name], environment: environment) } }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                    for result in batch {
                        #expect(result.status == 0, "token failed: \(result.stderr)")
                        tokens.append(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
                    }
                }
                // A renewal the server has answered but the agent has not logged yet (a loaded
                // machine) is let finish before the agent is stopped, so the counts below compare
                // finished renewals with issued tokens.
                let settled = ContinuousClock.now + .seconds(10)
                while ContinuousClock.now < settled {
                    let logged = agent.lines.filter { $0.contains("refreshed \(name) (client_credentials)") }.count
                    if try await peer.counts()["tokens_issued"] ?? 0 <= logged { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                return tokens
            }
            #expect(outcome.status == 0, "the agent exits 0 on SIGTERM: \(outcome.output)")
            #expect(outcome.output.contains("stopping: SIGTERM"))
            let renewals = outcome.output.split(separator: "\n").filter { $0.contains("refreshed \(name) (client_credentials)") }.count
            #expect(renewals >= 3, "a first token and at least two renewals at 10 s left: \(outcome.output)")
            let counts = try await peer.counts()
            #expect(counts["tokens_issued"] == renewals, "every token the server issued was the agent's: \(counts), \(renewals) renewals")
            #expect(counts["token_requests"] == renewals, "no token call asked for one of its own: \(counts)")
            #expect(outcome.value.count >= 6 && outcome.value.allSatisfy { $0.hasPrefix("agent-access-") }, "\(outcome.value.count) calls")
            #expect(Set(outcome.value).count >= 2, "the calls were served the renewed tokens as they came")
            #expect(!outcome.output.contains(secret))
            #expect(!outcome.value.contains { outcome.output.contains($0) }, "no token in the agent's log")
        }
    }

    @Test("a real Prometheus scrapes the agent: its target is up with every series; an unauthorized server and a dead token endpoint fire their alerts (the latter before the token expires) and both resolve; an old secret fires the rotation alert; no canary in the scrape")
    func prometheus() async throws {
        let apiSecret = "canary-agent-api-\(UUID().uuidString.prefix(8))", ccSecret = "canary-agent-cc-\(UUID().uuidString.prefix(8))"
        let api = name + "-api", cc = name + "-cc"
        try await PeerServer.with(Self.agentPeer(secret: apiSecret, ttl: 3600), script: "agent_peer.py") { apiPeer in
            try await PeerServer.with(Self.agentPeer(secret: ccSecret, ttl: 60), script: "agent_peer.py") { ccPeer in
                try cli.writeConfig("""
                    {"settings": {"refreshMarginSeconds": 5}, "mcpServers": {
                      \(entry(api, peer: apiPeer, variable: "API_SECRET")), \(entry(cc, peer: ccPeer, variable: "CC_SECRET"))}}
                    """)
                defer { Task { [cli, api, cc] in for server in [api, cc] { try? await cli.clearSecret(server: server, field: "accessToken") } } }
                let environment: [String: String?] = ["API_SECRET": apiSecret, "CC_SECRET": ccSecret]
                let outcome = try await AgentProcess.with(cli, ["agent", "--metrics", "127.0.0.1:0", "--check-interval", "1"],
                                                          environment: environment) { agent in
                    let started = try await agent.waitForLine(containing: "metrics on http://")
                    let address = try #require(started.firstMatch(of: #/http://([0-9.]+:[0-9]+)/metrics/#)?.1).description
                    try await agent.waitForLine(containing: "refreshed \(cc) (client_credentials)")
                    try await agent.waitForLine(containing: "refreshed \(api) (client_credentials)")
                    // From now on the cc token endpoint answers nothing; the agent's renewal at 30 s left hangs.
                    try await control(ccPeer, "token_down=1")
                    let database = try StateDatabase(path: cli.home + "/state/mcpdash/state.db")
                    try database.save(SecretChange(server: api, account: "default", field: "clientSecret", changedAt: Date().addingTimeInterval(-100 * 86_400)))

                    try await PrometheusServer.with(scraping: [address]) { prometheus in
                        try await prometheus.wait("the agent's target is up") { try await prometheus.targetHealth() == ["up"] }
                        for series in ["mcpdash_token_expiry_timestamp_seconds", "mcpdash_server_up", "mcpdash_server_check_timestamp_seconds",
                                       "mcpdash_auth_failures_total", "mcpdash_refresh_total", "mcpdash_request_duration_seconds_bucket",
                                       "mcpdash_secret_age_seconds", "mcpdash_secret_rotation_policy_seconds"] {
                            try await prometheus.wait("\(series) of \(api)") { try await !prometheus.query("\(series){server=\"\(api)\"}").isEmpty }
                        }
                        #expect(try await prometheus.query("mcpdash_server_up{server=\"\(api)\"} == 1").count == 1)

                        try await control(apiPeer, "unauthorized=1")
                        try await prometheus.wait("MCPDashServerUnauthorized fires for \(api)") {
                            try await prometheus.isFiring("MCPDashServerUnauthorized", server: api)
                        }
                        #expect(try await !prometheus.alerts().contains { $0.name == "MCPDashServerDown" && $0.labels["server"] == api },
                                "an unauthorized server is not also reported down")
                        try await control(apiPeer, "unauthorized=0")
                        try await prometheus.wait("MCPDashServerUnauthorized resolves for \(api)") {
                            try await !prometheus.alerts().contains { $0.name == "MCPDashServerUnauthorized" && $0.labels["server"] == api }
                        }
                        try await prometheus.wait("MCPDashSecretPastRotationPolicy fires for \(api)") {
                            try await prometheus.isFiring("MCPDashSecretPastRotationPolicy", server: api)
                        }

                        try await prometheus.wait("MCPDashTokenExpiringSoon fires for \(cc)", timeout: .seconds(60)) {
                            try await prometheus.isFiring("MCPDashTokenExpiringSoon", server: cc)
                        }
                        let expiry = try #require(try await prometheus.query("mcpdash_token_expiry_timestamp_seconds{server=\"\(cc)\"}").first?["value"] as? [Any])
                        let expiresAt = try #require(Double(expiry.last as? String ?? ""))
                        #expect(Date().timeIntervalSince1970 < expiresAt, "the alert fired before the token expired")
                        try await control(ccPeer, "token_down=0")
                        try await prometheus.wait("MCPDashTokenExpiringSoon resolves for \(cc)") {
                            try await !prometheus.alerts().contains { $0.name == "MCPDashTokenExpiringSoon" && $0.labels["server"] == cc }
                        }
                        #expect(try await prometheus.query("mcpdash_token_renewal_due{server=\"\(cc)\"} == 0").count == 1)
                    }

                    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://\(address)/metrics"), timeout: .seconds(5))
                    #expect(response.headers.first(name: "Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
                    let scrape = String(buffer: try await response.body.collect(upTo: 1 << 22))
                    var secrets = [apiSecret, ccSecret]
                    for server in [api, cc] {
                        if let token = try await cli.lookupSecret(server: server, field: "accessToken") { secrets.append(token) }
                    }
                    #expect(secrets.count == 4, "both access tokens are in the keyring")
                    for secret in secrets {
                        #expect(!scrape.contains(secret) && !scrape.contains(secret.suffix(12)), "no secret or fragment of one in /metrics")
                    }
                    return scrape
                }
                #expect(outcome.status == 0, "\(outcome.output)")
                #expect(outcome.output.contains("refresh of \(cc) failed"), "the dead token endpoint was logged: \(outcome.output)")
                #expect(outcome.output.contains("\(api) is unauthorized") && outcome.output.contains("\(api) is ok"), "\(outcome.output)")
                #expect(![apiSecret, ccSecret].contains { outcome.output.contains($0) })
            }
        }
    }

    @Test("one agent per state: a second is refused naming the first; a busy metrics port is said plainly; list shows the agent, then its stop")
    func singleAgentAndList() async throws {
        try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "http://127.0.0.1:9/mcp"}}}"#)
        let outcome = try await AgentProcess.with(cli, ["agent", "--metrics", "127.0.0.1:0", "--check-interval", "1"]) { agent in
            let started = try await agent.waitForLine(containing: "metrics on http://")
            let address = try #require(started.firstMatch(of: #/http://([0-9.]+:[0-9]+)/metrics/#)?.1).description
            try await agent.waitForLine(containing: "\(name) is failed")
            let second = try await cli.run(["agent"])
            #expect(second.status == 69)
            #expect(second.stderr.contains("another mcpdash agent is already running (pid \(agent.pid))"), "\(second.stderr)")
            let elsewhere = try await cli.run(["agent", "--metrics", address], environment: ["XDG_STATE_HOME": cli.home + "/other-state"])
            #expect(elsewhere.status == 69)
            #expect(elsewhere.stderr.contains("the metrics address \(address) is already in use"), "\(elsewhere.stderr)")
            let list = try await cli.run(["list"])
            #expect(list.status == 0)
            #expect(list.stderr.contains("agent: running (pid \(agent.pid))") && list.stderr.contains("; last: \(name) is failed"), "\(list.stderr)")
            #expect(!list.stdout.contains("agent:"), "piped, the table stays bare")
        }
        #expect(outcome.status == 0)
        let after = try await cli.run(["list"])
        #expect(after.stderr.contains("agent: stopped"), "\(after.stderr)")
        let bad = try await cli.run(["agent", "--metrics", "0.0.0.0:99999"])
        #expect(bad.status == 64 && bad.stderr.contains("--metrics takes PORT, HOST:PORT or [IPv6]:PORT"), "\(bad.stderr)")
    }

    @Test("promtool accepts the shipped rules and the scrape example; the systemd unit verifies and its ExecStart runs the agent, which stops cleanly on SIGTERM")
    func contrib() async throws {
        let root = CLIRunner.repositoryRoot
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool"), "needs promtool (Debian's prometheus package); run scripts/setup")
        let rules = try await cli.run(["check", "rules", root + "/contrib/prometheus/mcpdash.rules.yml"], program: "/usr/bin/promtool")
        #expect(rules.status == 0 && (rules.stdout + rules.stderr).contains("SUCCESS: 7 rules found"), "\(rules.stdout)\(rules.stderr)")
        let scrape = try String(contentsOfFile: root + "/contrib/prometheus/scrape.yml", encoding: .utf8)
            .replacingOccurrences(of: "/etc/prometheus/mcpdash.rules.yml", with: root + "/contrib/prometheus/mcpdash.rules.yml")
        try scrape.write(toFile: cli.home + "/scrape.yml", atomically: true, encoding: .utf8)
        let config = try await cli.run(["check", "config", cli.home + "/scrape.yml"], program: "/usr/bin/promtool")
        #expect(config.status == 0, "\(config.stdout)\(config.stderr)")
        let dashboard = try Data(contentsOf: URL(fileURLWithPath: root + "/contrib/grafana/mcpdash-dashboard.json"))
        let panels = try #require((try JSONSerialization.jsonObject(with: dashboard) as? [String: Any])?["panels"] as? [[String: Any]])
        #expect(panels.count >= 6)

        // The unit as the operator installs it, %h being this test's home.
        let unit = try String(contentsOfFile: root + "/contrib/systemd/mcpdash-agent.service", encoding: .utf8)
            .replacingOccurrences(of: "%h", with: cli.home)
        let execStart = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") }).dropFirst("ExecStart=".count)
        let command = execStart.split(separator: " ").map(String.init)
        #expect(command == [cli.home + "/.local/bin/mcpdash", "agent", "--metrics", "127.0.0.1:9464"])
        try FileManager.default.createDirectory(atPath: cli.home + "/.local/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: command[0], withDestinationPath: CLIRunner.binary)
        try unit.write(toFile: cli.home + "/mcpdash-agent.service", atomically: true, encoding: .utf8)
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"), "needs systemd-analyze (Debian's systemd package); run scripts/setup")
        let verify = try await cli.run(["verify", cli.home + "/mcpdash-agent.service"], program: "/usr/bin/systemd-analyze")
        #expect(verify.status == 0 && !verify.stderr.contains("mcpdash-agent.service:"), "\(verify.stderr)")

        try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "http://127.0.0.1:9/mcp"}}}"#)
        let outcome = try await AgentProcess.with(cli, Array(command.dropFirst()), program: command[0]) { agent in
            try await agent.waitForLine(containing: "metrics on http://127.0.0.1:9464/metrics")
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:9464/metrics"), timeout: .seconds(5))
            #expect(response.status == .ok)
        }
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("stopping: SIGTERM"))
    }
}
