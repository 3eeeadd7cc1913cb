import Foundation
import MCPDashCore
import Testing

/// `mcpdash diagnose`: each triage check triggered by a live server, and the verdict it leads to.
@Suite("diagnose against live peers")
struct DiagnoseCLITests {
    let cli = CLIRunner()

    /// Runs diagnose on a one-server config and decodes its JSON report.
    func diagnose(_ entry: String, token: String? = nil) async throws -> (CLIRunner.Result, TriageReport) {
        try cli.writeConfig(#"{"mcpServers": {"s": \#(entry)}}"#)
        let result = try await cli.run(["diagnose", "s", "--json"], environment: ["T": token])
        let report = try JSONDecoder.iso8601.decode(TriageReport.self, from: Data(result.stdout.utf8))
        if let token { #expect(!(result.stdout + result.stderr).contains(token), "the token was printed") }
        return (result, report)
    }

    func failures(_ report: TriageReport) -> [String] { report.checks.filter { $0.status == .failure }.map(\.id.rawValue) }

    func bearer(_ url: String) -> String { #"{"url": "\#(url)", "auth": {"method": "bearer", "token": "${T}"}}"# }

    func jwtPeerTokens(_ file: String) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
        return object?["tokens"] as? [String: String] ?? [:]
    }

    @Test("JWT peer: expired, wrong audience, signed by another key, and valid")
    func jwtScenarios() async throws {
        let file = cli.home + "/tokens.json"
        try await PeerServer.with(["--auth", "jwt", "--tokens-out", file]) { peer in
            let tokens = try jwtPeerTokens(file)

            let (expiredResult, expired) = try await diagnose(bearer(peer.url), token: tokens["expired"])
            #expect(expiredResult.status == 1)
            #expect(expired.probe.status == 401)
            #expect(failures(expired) == ["token-expired"])
            #expect(expired.verdict == "The token for s has expired.")
            #expect(expired.fix == "put a valid credential in ${T} (the environment or the .env file)")

            let (_, audience) = try await diagnose(bearer(peer.url), token: tokens["wrongAudience"])
            #expect(failures(audience) == ["audience-mismatch"])
            #expect(audience.verdict == "The token for s was issued for another resource (wrong aud).")

            let (_, otherKey) = try await diagnose(bearer(peer.url), token: tokens["otherKey"])
            #expect(failures(otherKey) == ["rejected-though-valid"])
            #expect(otherKey.verdict == "s refuses a token that looks valid here: it was probably revoked.")

            let (validResult, valid) = try await diagnose(bearer(peer.url), token: tokens["valid"])
            #expect(validResult.status == 0)
            #expect(valid.probe.status == 200)
            #expect(failures(valid).isEmpty)
            #expect(valid.verdict == "s accepts the credential (HTTP 200).")
        }
    }

    @Test("a server that wants auth while the config has none; and a missing keyring item")
    func missingAuth() async throws {
        try await PeerServer.with(["--auth", "bearer", "--token", "x-token-1234=alice"]) { peer in
            let (_, none) = try await diagnose(#"{"url": "\#(peer.url)"}"#)
            #expect(failures(none) == ["no-credential-sent", "server-wants-auth"])
            #expect(none.verdict == "s requires authorization but its config sends none.")
            #expect(none.challenges.first?.scopes == ["mcp:read"])

            let (_, unavailable) = try await diagnose(#"{"url": "\#(peer.url)", "auth": {"method": "bearer", "token": "keyring:"}}"#)
            #expect(failures(unavailable).first == "credential-unavailable")
            #expect(unavailable.fix == "mcpdash rotate s")
        }
    }

    @Test("raw peer: discovery replayed in the spec's order; issuer, scope and metadata checks")
    func discoveryAndIssuers() async throws {
        try await PeerServer.with(["--auth", "raw", "--challenge", #"Bearer error="insufficient_scope", scope="files:write", resource_metadata="http://127.0.0.1:{port}/.well-known/oauth-protected-resource/mcp""#,
                                   "--prm-issuer", "http://127.0.0.1:{port}", "--as-issuer", "http://127.0.0.1:{port}"]) { peer in
            let origin = "http://127.0.0.1:\(peer.port)"
            let rightIssuer = try await TestTokens.mint(issuer: origin, audience: peer.url)
            let (_, scope) = try await diagnose(bearer(peer.url), token: rightIssuer)
            #expect(scope.discovery.map(\.url) == [origin + "/.well-known/oauth-protected-resource/mcp",
                                                   origin + "/.well-known/oauth-authorization-server"])
            #expect(scope.discovery.map(\.source) == ["from the challenge", "RFC 8414"])
            #expect(failures(scope) == ["scope-missing"])
            #expect(scope.verdict == "The token for s lacks scopes the server asks for.")

            let wrongIssuer = try await TestTokens.mint(issuer: "https://elsewhere.example", audience: peer.url, scope: "files:write")
            let (_, issuer) = try await diagnose(bearer(peer.url), token: wrongIssuer)
            #expect(failures(issuer) == ["issuer-mismatch"])
        }
        try await PeerServer.with(["--auth", "raw", "--challenge", #"Bearer scope="mcp:read""#,
                                   "--prm-issuer", "http://127.0.0.1:{port}", "--as-issuer", "https://evil.example"]) { peer in
            let token = try await TestTokens.mint(issuer: "http://127.0.0.1:\(peer.port)", audience: peer.url)
            let (_, metadata) = try await diagnose(bearer(peer.url), token: token)
            #expect(metadata.discovery.map(\.source) == ["path well-known", "RFC 8414"])
            #expect(failures(metadata) == ["metadata-issuer-mismatch"])
            #expect(metadata.discovery.last?.note.contains("does NOT match") == true)
        }
    }

    @Test("raw peer: malformed header, wrong scheme, clock skew")
    func headerAndClock() async throws {
        try await PeerServer.with(["--auth", "raw", "--challenge", #"Bearer realm="never closed"#]) { peer in
            let token = try await TestTokens.mint(audience: peer.url)
            let (_, malformed) = try await diagnose(bearer(peer.url), token: token)
            #expect(failures(malformed).contains("header-malformed"))
            #expect(malformed.headerProblems == ["the quoted value of realm is never closed"])
        }
        try await PeerServer.with(["--auth", "raw", "--challenge", #"DPoP algs="ES256""#, "--date", "Wed, 01 Jan 2020 00:00:00 GMT"]) { peer in
            let token = try await TestTokens.mint(audience: peer.url)
            let (text, scheme) = try await diagnose(bearer(peer.url), token: token)
            #expect(failures(scheme) == ["wrong-scheme"])
            #expect(scheme.verdict == "s expects another authorization scheme than the one configured.")
            #expect(scheme.checks.contains { $0.id == .clockSkew && $0.status == .warning && $0.detail.contains("ahead of the server's") })
            #expect(text.status == 1)
        }
    }

    @Test("the text report shows request, challenge, discovery, checks, verdict and fix; the verdict is journaled")
    func textReport() async throws {
        try await PeerServer.with(["--auth", "bearer", "--token", "x-token-1234=alice"]) { peer in
            try cli.writeConfig(#"{"mcpServers": {"s": {"url": "\#(peer.url)"}}}"#)
            let result = try await cli.run(["diagnose", "s"])
            #expect(result.status == 1)
            for line in ["request   initialize without a credential → HTTP 401", #"challenge Bearer scope="mcp:read""#, "discovery",
                         "  FAIL  server-wants-auth: the server answers 401 but the config has no auth for it",
                         "verdict   s requires authorization but its config sends none."] {
                #expect(result.stdout.contains(line), "missing: \(line)")
            }
            let events = try StateDatabase(path: cli.home + "/state/mcpdash/state.db").events(server: "s")
            #expect(events.first?.operation == .diagnose)
            #expect(events.first?.message == "s requires authorization but its config sends none.")
        }
    }
}
