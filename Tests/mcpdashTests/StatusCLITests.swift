import Foundation
import MCPDashCore
import Testing

/// `mcpdash status` and `mcpdash events` against live peers on every transport available.
@Suite("status and events against live peers")
struct StatusCLITests {
    let cli = CLIRunner()

    @Test("on a terminal, status prints each server's line the moment it answers, before a slow server's deadline")
    func streamsOnATerminal() async throws {
        let silent = try await ServerSocketHolder.bind()
        defer { silent.close() }
        // The silent server's deadline is far off; it is let go (its listener closed) only after
        // the refused server's line was seen, so a status that printed everything at the end
        // could not pass, however slowly this test is scheduled.
        let config = try cli.writeConfig("""
            {"mcpServers": {
              "a-refused": {"url": "http://127.0.0.1:9/mcp", "timeout": 2},
              "b-silent": {"url": "http://127.0.0.1:\(silent.port)/mcp", "timeout": 120},
              "c-broken": {"url": 5}
            }}
            """)
        let session = try await TmuxSession.start("\(CLIRunner.binary) status --config \(config)", cli: cli, environment: [
            "XDG_STATE_HOME": cli.home + "/state", "XDG_CONFIG_HOME": cli.home + "/config", "HOME": cli.home,
        ])
        defer { Task { await session.kill() } }
        let early = try await session.waitFor("the refused server's line", timeout: .seconds(60)) {
            $0.contains("a-refused") && $0.contains("connection refused")
        }
        #expect(!early.contains("EXIT="), "status had already ended: \(early)")
        #expect(!early.contains("b-silent"), "the silent server was reported with the rest: \(early)")
        #expect(early.contains("c-broken") && early.contains("misconfigured"), "\(early)")
        silent.close()
        let done = try await session.waitFor("status to end", timeout: .seconds(60)) { $0.contains("EXIT=") }
        #expect(done.contains("b-silent"), "\(done)")
        #expect(done.contains("EXIT=1"))
        let header = done.split(separator: "\n").first { $0.hasPrefix("NAME") }.map(String.init) ?? ""
        let row = done.split(separator: "\n").first { $0.hasPrefix("a-refused") }.map(String.init) ?? ""
        #expect(header.range(of: "DETAIL")?.lowerBound.utf16Offset(in: header) == row.range(of: "connection refused")?.lowerBound.utf16Offset(in: row),
                "the streamed rows line up with the header: \(done)")
    }

    @Test("status checks every server concurrently and tells ok, unauthorized, failed and disabled apart; all of it is journaled")
    func statusOfEverything() async throws {
        let token = "canary-status-\(UUID().uuidString.prefix(8))"
        let tag = "status-\(UUID().uuidString.prefix(8))"
        try await PeerServer.with(["--auth", "bearer", "--token", "\(token)=alice"]) { bearer in
          try await PeerServer.with(["--auth", "bearer", "--token", "\(token)=alice", "--transport", "sse"]) { legacy in
            try await PeerServer.with(["--auth", "open", "--json-response"]) { open in
                try cli.writeConfig("""
                    {"mcpServers": {
                      "bearer": {"url": "\(bearer.url)", "auth": {"method": "bearer", "token": "${GOOD}"}},
                      "wrong": {"url": "\(bearer.url)", "auth": {"method": "bearer", "token": "${BAD}"}},
                      "open": {"url": "\(open.url)"},
                      "legacy": {"type": "sse", "url": "http://127.0.0.1:\(legacy.port)/sse", "auth": {"method": "bearer", "token": "${GOOD}"}, "sse_read_timeout": 30},
                      "local": {"command": "\(PeerServer.python)", "args": ["\(PeerServer.script)", "--transport", "stdio", "--tag", "\(tag)"]},
                      "down": {"url": "http://127.0.0.1:9/mcp"},
                      "off": {"url": "http://127.0.0.1:9/mcp", "disabled": true}
                    }}
                    """)
                let result = try await cli.run(["status", "--json"], environment: ["GOOD": token, "BAD": "canary-bad-status-token"])
                #expect(result.status == 1, "one server is down, so status fails")
                let reports = try JSONDecoder().decode([HealthReport].self, from: Data(result.stdout.utf8))
                let outcome = Dictionary(uniqueKeysWithValues: reports.map { ($0.server, $0.outcome) })
                #expect(outcome == ["bearer": .ok, "wrong": .unauthorized, "open": .ok, "legacy": .ok, "local": .ok, "down": .failed, "off": .disabled])
                #expect(reports.first { $0.server == "wrong" }?.httpStatus == 401)
                #expect(reports.first { $0.server == "down" }?.detail == "connection refused")
                #expect(reports.first { $0.server == "local" }?.detail == "mcpdash-peer-open 4.1.2")
                #expect(!(result.stdout + result.stderr).contains(token))
                #expect(!(result.stdout + result.stderr).contains("canary-bad-status-token"))

                let table = try await cli.run(["status", "bearer"], environment: ["GOOD": token])
                #expect(table.status == 0)
                #expect(table.stdout.hasPrefix("NAME    TRANSPORT  STATUS  LATENCY  DETAIL\nbearer  http       ok      "))

                let events = try await cli.run(["events", "--json"])
                let journal = try JSONDecoder.iso8601.decode([JournalEvent].self, from: Data(events.stdout.utf8))
                #expect(Set(journal.map { $0.server ?? "" }) == ["bearer", "wrong", "open", "legacy", "local", "down"])
                #expect(journal.first { $0.server == "wrong" }?.httpStatus == 401)
                let challenge = try #require(journal.first { $0.server == "wrong" }?.challenge)
                let parsed = WWWAuthenticateParser.parse(challenge)
                #expect(parsed.problems.isEmpty)
                #expect(parsed.first(scheme: "Bearer")?.error == "invalid_token")
                #expect(parsed.first(scheme: "Bearer")?.scopes == ["mcp:read"])
                let database = try Data(contentsOf: URL(fileURLWithPath: cli.home + "/state/mcpdash/state.db"))
                #expect(!String(decoding: database, as: UTF8.self).contains(token))
            }
          }
        }
        try await Task.sleep(for: .milliseconds(200))
        let leftovers = try await cli.run(["-f", tag], program: "/usr/bin/pgrep")
        #expect(leftovers.stdout.isEmpty, "a stdio server outlived its session")
    }

    @Test("a stdio server that dies is reported with its last stderr line; a missing command is named")
    func stdioFailures() async throws {
        try cli.writeConfig("""
            {"mcpServers": {
              "exits": {"command": "sh", "args": ["-c", "echo 'fatal: config missing' >&2; exit 3"]},
              "missing": {"command": "no-such-mcp-server-xyz"}
            }}
            """)
        let result = try await cli.run(["status"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("exits    stdio      failed  —        the server process exited: fatal: config missing"))
        #expect(result.stdout.contains(#"cannot start no-such-mcp-server-xyz"#))
        #expect(result.stderr.isEmpty, "the failure is reported once, not logged again: \(result.stderr)")
    }

    @Test("a legacy SSE stream that falls silent fails after its read timeout instead of hanging")
    func silentSSE() async throws {
        try await PeerServer.with(["--auth", "raw", "--silent-sse"]) { peer in
            try cli.writeConfig(#"{"mcpServers": {"quiet": {"type": "sse", "url": "http://127.0.0.1:\#(peer.port)/sse", "sse_read_timeout": 1}}}"#)
            let result = try await cli.run(["status", "--json"])
            let reports = try JSONDecoder().decode([HealthReport].self, from: Data(result.stdout.utf8))
            #expect(reports.first?.outcome == .failed)
            #expect(reports.first?.detail == "the SSE stream was silent for more than 1 s")
        }
    }

    @Test("events filters by server and age, and rejects a malformed --since")
    func eventsFilters() async throws {
        let database = try StateDatabase(path: cli.home + "/state/mcpdash/state.db")
        try database.append(JournalEvent(time: Date().addingTimeInterval(-7200), server: "old", operation: .login, outcome: .success, message: "long ago"))
        try database.append(JournalEvent(server: "new", operation: .refresh, outcome: .failure, httpStatus: 400, message: "invalid_grant"))
        let recent = try await cli.run(["events", "--since", "1h"])
        #expect(recent.stdout.contains("new     refresh    failure  400   invalid_grant"))
        #expect(!recent.stdout.contains("long ago"))
        #expect(try await cli.run(["events", "old"]).stdout.contains("long ago"))
        #expect(try await cli.run(["events", "nobody"]).stdout == "No events for nobody.\n")
        let bad = try await cli.run(["events", "--since", "yesterday"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("invalid for '--since <duration>'") && bad.stderr.contains("30s, 15m, 2h, 7d"), "\(bad.stderr)")
    }
}

extension JSONDecoder {
    /// A decoder for mcpdash's JSON output (ISO 8601 dates).
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
