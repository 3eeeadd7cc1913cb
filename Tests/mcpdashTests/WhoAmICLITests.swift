import Foundation
import MCPDashCore
import Testing

/// `mcpdash whoami` against real fastmcp servers on loopback.
@Suite("whoami against live peers")
struct WhoAmICLITests {
    let cli = CLIRunner()
    let name = "peer-\(UUID().uuidString.prefix(8).lowercased())"

    @Test("a bearer token from the keyring reaches the server, answered as JSON or as an SSE stream", arguments: [true, false])
    func bearerFromKeyring(jsonResponse: Bool) async throws {
        let token = "canary-whoami-\(UUID().uuidString.prefix(8))"
        try await PeerServer.with(["--auth", "bearer", "--token", "\(token)=alice"] + (jsonResponse ? ["--json-response"] : [])) { peer in
            try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "bearer", "token": "keyring:"}}}}"#)
            try await cli.storeSecret(server: name, field: "token", value: token)
            defer { Task { [cli, name] in try? await cli.clearSecret(server: name, field: "token") } }
            let result = try await cli.run(["whoami", name])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains(#"identity  {"sub":"alice""#))
            #expect(result.stdout.contains("auth      bearer"))
            #expect(!(result.stdout + result.stderr).contains(token), "the token was printed")
            let json = try await cli.run(["whoami", name, "--json"])
            let report = try JSONDecoder.iso.decode(WhoAmIReport.self, from: Data(json.stdout.utf8))
            #expect(report.identityTool == "whoami")
            #expect(report.toolCount == nil, "the identity tool answered at once: the tools were not listed")
            #expect(report.latencyMilliseconds > 0)
        }
    }

    @Test("--repeat asks again in the same session, even right after a remembered verdict, and times each answer")
    func repeatedCalls() async throws {
        try await PeerServer.with(["--auth", "bearer", "--token", "repeat-token=alice", "--json-response"]) { peer in
            try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "bearer", "token": "${T}"}}}}"#)
            let environment = ["T": "repeat-token"]
            #expect(try await cli.run(["whoami", name], environment: environment).status == 0)
            let json = try await cli.run(["whoami", name, "--repeat", "4", "--json"], environment: environment)
            #expect(json.status == 0, "\(json.stderr)")
            let report = try JSONDecoder.iso.decode(WhoAmIReport.self, from: Data(json.stdout.utf8))
            #expect(report.cachedAt == nil, "the answer came from the remembered verdict")
            let latencies = try #require(report.repeatedLatenciesMilliseconds)
            #expect(latencies.count == 3 && latencies.allSatisfy { $0 > 0 }, "\(latencies)")
            let text = try await cli.run(["whoami", name, "--repeat", "2"], environment: environment)
            #expect(text.stdout.contains("(median of 1 more in the session"), "\(text.stdout)")
            let refused = try await cli.run(["whoami", name, "--repeat", "0"], environment: environment)
            #expect(refused.status == 64 && refused.stderr.contains("--repeat takes a count from 1 to 1000"), "\(refused.stderr)")
        }
    }

    @Test("a JWT's claims are shown, and an audience that does not name the server is flagged")
    func jwtClaims() async throws {
        let tokensFile = cli.home + "/tokens.json"
        try await PeerServer.with(["--auth", "jwt", "--tokens-out", tokensFile]) { peer in
            let tokens = try JSONDecoder().decode([String: [String: String]].self,
                                                  from: Data(contentsOf: URL(fileURLWithPath: tokensFile)).dropFirstIssuerFields())
            let valid = try #require(tokens["tokens"]?["valid"])
            try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "bearer", "token": "${PEER_JWT}"}}}}"#)
            let result = try await cli.run(["whoami", name], environment: ["PEER_JWT": valid])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("token     sub alice@example.com, iss https://issuer.mcpdash.test, aud \(peer.url), scope mcp:read, expires in 59m"))
            #expect(!result.stdout.contains("warning: aud does not name this server"))

            #expect(!result.stdout.contains(valid))
        }
    }

    @Test("an audience that does not name the server is flagged, even when a lenient server accepts the token")
    func audienceWarning() async throws {
        let token = try await TestTokens.mint(audience: "https://somewhere-else.example/mcp")
        try await PeerServer.with(["--auth", "bearer", "--token", "\(token)=carol"]) { peer in
            try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "bearer", "token": "${T}"}}}}"#)
            let result = try await cli.run(["whoami", name], environment: ["T": token])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("warning: aud does not name this server (\(peer.url))"))
        }
    }

    @Test("a rejected token exits 77 with the status and a hint; the journal keeps the challenge but not the token")
    func rejectedToken() async throws {
        try await PeerServer.with(["--auth", "bearer", "--token", "the-right-one=alice"]) { peer in
            try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "bearer", "token": "${WRONG_TOKEN}"}}}}"#)
            let wrong = "canary-wrong-token-\(UUID().uuidString.prefix(6))"
            let result = try await cli.run(["whoami", name], environment: ["WRONG_TOKEN": wrong])
            #expect(result.status == 77)
            #expect(result.stderr.contains("mcpdash: error: \(name) (\(peer.url)): HTTP 401"))
            #expect(result.stderr.contains("hint: run `mcpdash diagnose \(name)`"))
            #expect(!(result.stdout + result.stderr).contains(wrong))
            let database = try StateDatabase(path: cli.home + "/state/mcpdash/state.db")
            let event = try #require(try database.events(server: name).first)
            #expect(event.operation == .whoami)
            #expect(event.outcome == .failure)
            #expect(event.httpStatus == 401)
            #expect(event.challenge?.hasPrefix("Bearer") == true)
            let files = try FileManager.default.contentsOfDirectory(atPath: cli.home + "/state/mcpdash")
            for file in files {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: cli.home + "/state/mcpdash/" + file))
                #expect(!String(decoding: bytes, as: UTF8.self).contains(wrong), "\(file) holds the token")
            }
        }
    }

    @Test("a missing keyring item is a clear error and nothing is sent")
    func missingSecret() async throws {
        try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "http://127.0.0.1:9/mcp", "auth": {"method": "bearer", "token": "keyring:"}}}}"#)
        let result = try await cli.run(["whoami", name])
        #expect(result.status == 77)
        #expect(result.stderr.contains("no token is stored in the keyring for \(name)/token"))
    }

    @Test("a locked keyring is reported as locked (exit 69), never as a missing secret")
    func lockedKeyringIsNotMissing() async throws {
        try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "http://127.0.0.1:9/mcp", "auth": {"method": "bearer", "token": "keyring:"}}}}"#)
        let result = try await cli.run(["sh", "-c", """
            printf %s canary-locked-token | secret-tool store --label=t xdg:schema dev.mcpdash.Secret server \(name) field token account default issuer ""
            dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
              org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
            exec "\(CLIRunner.binary)" whoami \(name)
            """], program: CLIRunner.repositoryRoot + "/scripts/with-keyring")
        #expect(result.status == 69)
        #expect(result.stderr.contains("the keyring secret store is not usable: locked"), "\(result.stderr)")
        #expect(!result.stderr.contains("no token is stored"))
        #expect(!result.stderr.contains("canary-locked-token"))
    }

    @Test("credentials never go over plain http to a remote host")
    func plainHTTPRefused() async throws {
        try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "http://mcp.example.invalid/mcp", "auth": {"method": "bearer", "token": "${T}"}}}}"#)
        let result = try await cli.run(["whoami", name], environment: ["T": "canary-never-sent"])
        #expect(result.status == 77)
        #expect(result.stderr.contains("plain http to mcp.example.invalid would expose the credential"))
    }

    @Test("an unknown server name lists the configured ones; exit 64")
    func unknownServer() async throws {
        try cli.writeConfig(#"{"mcpServers": {"alpha": {"url": "http://127.0.0.1:9/mcp"}}}"#)
        let result = try await cli.run(["whoami", "beta"])
        #expect(result.status == 64)
        #expect(result.stderr.contains(#"no server named "beta""#))
        #expect(result.stderr.contains("configured servers: alpha"))
    }
}

private extension Data {
    /// The peer's tokens file without its top-level string fields, as `[String: [String: String]]`.
    func dropFirstIssuerFields() throws -> Data {
        guard var object = try JSONSerialization.jsonObject(with: self) as? [String: Any] else { return self }
        object = object.filter { $0.value is [String: Any] }
        return try JSONSerialization.data(withJSONObject: object)
    }
}
