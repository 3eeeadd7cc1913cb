import AsyncHTTPClient
import Foundation
import MCPDashCore
import NIOCore
import Testing

/// Browser login, refresh, the token broker and logout against fastmcp's own OAuth server
/// (`InMemoryOAuthProvider`: DCR, PKCE S256, rotating refresh tokens, revocation) on loopback.
/// The browser is `Tests/Peers/browser.py`, started by mcpdash through `$BROWSER`.
@Suite("OAuth login against a live fastmcp authorization server")
struct OAuthLoginCLITests {
    let cli = CLIRunner()
    let name = "oauth-\(UUID().uuidString.prefix(8).lowercased())"

    var browser: [String: String?] { ["BROWSER": PeerServer.browser] }
    var statePath: String { cli.home + "/state/mcpdash/state.db" }

    func configure(_ peer: PeerServer, auth: String = #"{"method": "oauth"}"#) throws {
        try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": \#(auth)}}}"#)
    }

    func login() async throws -> CLIRunner.Result {
        try await cli.run(["login", name, "--timeout", "60"], environment: browser)
    }

    @Test("login --no-browser prints the authorization URL alone on stdout; opened from there, the login completes")
    func noBrowserURLOnStdout() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try configure(peer)
            defer { Task { await cleanUp() } }
            let outcome = try await AgentProcess.with(cli, ["login", name, "--no-browser", "--timeout", "60"], environment: ["BROWSER": "/bin/false"]) { login in
                try await login.waitForLine(containing: "it is on stdout")
                let deadline = ContinuousClock.now + .seconds(10)
                while login.stdoutLines.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
                let url = try #require(login.stdoutLines.first, "no URL on stdout: \(login.output)")
                #expect(url.hasPrefix("http://127.0.0.1:\(peer.port)/authorize?") && url.contains("code_challenge_method=S256"), "\(url)")
                #expect(!login.lines.contains { $0.hasPrefix("  http") }, "the URL is not also on stderr")
                let browser = try await cli.run([CLIRunner.repositoryRoot + "/Tests/Peers/browser.py", url], program: PeerServer.python)
                #expect(browser.status == 0, "\(browser.stderr)")
                try await login.waitForLine(containing: "\(name): logged in")
                return login.stdoutLines
            }
            #expect(outcome.value.count == 2 && outcome.value[1].hasPrefix("\(name): logged in"), "stdout is the URL, then the result: \(outcome.value)")
            #expect(!outcome.output.contains("started the browser"))
        }
    }

    func cleanUp() async {
        for field in ["accessToken", "refreshToken", "idToken"] { try? await cli.clearSecret(server: name, field: field) }
    }

    /// The status a request with `token` gets from the peer's MCP endpoint.
    func status(of token: String, at peer: PeerServer) async throws -> Int {
        var request = HTTPClientRequest(url: peer.url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        request.body = .bytes(ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return Int(response.status.code)
    }

    @Test("login registers a client, completes PKCE through the loopback listener and keeps the tokens in the keyring only")
    func loginStoresTokensInKeyringOnly() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try configure(peer)
            defer { Task { await cleanUp() } }
            let result = try await login()
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\(name): logged in; token expires in 59m"), "\(result.stdout)")
            #expect(result.stdout.contains("scopes mcp:read; refreshable"))
            #expect(result.stderr.contains("open this URL to log in"))
            #expect(result.stderr.contains("code_challenge_method=S256"))
            #expect(result.stderr.contains("resource=http%3A%2F%2F127.0.0.1%3A\(peer.port)%2Fmcp"))

            let access = try #require(try await cli.lookupSecret(server: name, field: "accessToken"), "no access token in the keyring")
            let refresh = try #require(try await cli.lookupSecret(server: name, field: "refreshToken"), "no refresh token in the keyring")
            let whoami = try await cli.run(["whoami", name])
            #expect(whoami.status == 0, "\(whoami.stderr)")
            #expect(whoami.stdout.contains(#""scopes":["mcp:read"]"#))

            // Canaries: neither token is in the state database, the journal, or any output.
            let database = try Data(contentsOf: URL(fileURLWithPath: statePath))
            let wal = (try? Data(contentsOf: URL(fileURLWithPath: statePath + "-wal"))) ?? Data()
            for secret in [access, refresh] {
                #expect(database.range(of: Data(secret.utf8)) == nil && wal.range(of: Data(secret.utf8)) == nil, "a token is in the state database")
                #expect(!(result.stdout + result.stderr + whoami.stdout).contains(secret))
            }
            let events = try await cli.run(["events", name])
            #expect(events.stdout.contains("register"))
            #expect(events.stdout.contains("discovery"))
            for secret in [access, refresh] { #expect(!events.stdout.contains(secret)) }
        }
    }

    @Test("the registration is reused by the next login, and forgotten only when asked")
    func registrationReuseAndForget() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try configure(peer)
            defer { Task { await cleanUp() } }
            #expect(try await login().status == 0)
            #expect(try await login().status == 0)
            var events = try await cli.run(["events", name, "--json"])
            #expect(events.stdout.components(separatedBy: #""operation" : "register""#).count - 1 == 1, "registered more than once")

            let logout = try await cli.run(["logout", name, "--forget", "registration"])
            #expect(logout.status == 0, "\(logout.stderr)")
            #expect(logout.stdout.contains("forgot the client registration at http://127.0.0.1:\(peer.port)/"))
            #expect(try await cli.lookupSecret(server: name, field: "accessToken") == nil)
            #expect(try await login().status == 0)
            events = try await cli.run(["events", name, "--json"])
            #expect(events.stdout.components(separatedBy: #""operation" : "register""#).count - 1 == 2)
        }
    }

    @Test("refresh rotates the refresh token; the old one is dead and the new one works")
    func refreshRotates() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try configure(peer)
            defer { Task { await cleanUp() } }
            #expect(try await login().status == 0)
            let firstAccess = try #require(try await cli.lookupSecret(server: name, field: "accessToken"))
            let firstRefresh = try #require(try await cli.lookupSecret(server: name, field: "refreshToken"))
            let refresh = try await cli.run(["refresh", name])
            #expect(refresh.status == 0, "\(refresh.stderr)")
            #expect(refresh.stdout.contains("\(name): refreshed; token expires in 59m"))
            let secondAccess = try #require(try await cli.lookupSecret(server: name, field: "accessToken"))
            let secondRefresh = try #require(try await cli.lookupSecret(server: name, field: "refreshToken"))
            #expect(secondAccess != firstAccess)
            #expect(secondRefresh != firstRefresh, "the server rotates refresh tokens; the new one must be stored")
            #expect(try await status(of: secondAccess, at: peer) != 401)
            let database = try StateDatabase(path: statePath)
            #expect(try database.tokenMetadata(server: name)?.rotationCount == 1)
        }
    }

    @Test("four processes refreshing at once all succeed: one owner redeems each refresh token")
    func concurrentRefreshHasOneOwner() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try configure(peer)
            defer { Task { await cleanUp() } }
            #expect(try await login().status == 0)
            let results = try await withThrowingTaskGroup(of: CLIRunner.Result.self) { group in
                for _ in 0..<4 { group.addTask { try await cli.run(["refresh", name]) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for result in results { #expect(result.status == 0, "a concurrent refresh failed: \(result.stderr)") }
            let whoami = try await cli.run(["whoami", name])
            #expect(whoami.status == 0, "\(whoami.stderr)")
        }
    }

    @Test("a token due within the margin is refreshed before use, and a rejected one once after the 401")
    func proactiveAndReactiveRefresh() async throws {
        try await PeerServer.with(["--auth", "oauth", "--access-ttl", "30"]) { peer in
            try configure(peer)
            defer { Task { await cleanUp() } }
            #expect(try await login().status == 0)
            // 30 s tokens are always inside the 60 s margin: whoami refreshes first.
            let proactive = try await cli.run(["whoami", name])
            #expect(proactive.status == 0, "\(proactive.stderr)")
            var events = try await cli.run(["events", name, "--json"])
            #expect(events.stdout.contains("refresh_token: new access token"))

            // A token the server no longer knows, though its stored expiry looks fine.
            try cli.writeConfig(#"{"settings": {"refreshMarginSeconds": 1}, "mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "oauth"}}}}"#)
            try await cli.storeSecret(server: name, field: "accessToken", value: "revoked-\(UUID().uuidString)")
            let before = events.stdout.components(separatedBy: "new access token").count
            let reactive = try await cli.run(["whoami", name])
            #expect(reactive.status == 0, "the 401 should have been answered with one refresh: \(reactive.stderr)")
            events = try await cli.run(["events", name, "--json"])
            #expect(events.stdout.components(separatedBy: "new access token").count == before + 1)
        }
    }

    @Test("a refresh token the server rejects means one `login required`, not a loop")
    func invalidGrantMeansLoginRequiredOnce() async throws {
        try await PeerServer.with(["--auth", "oauth", "--access-ttl", "30"]) { peer in
            try configure(peer)
            defer { Task { await cleanUp() } }
            #expect(try await login().status == 0)
            try await cli.storeSecret(server: name, field: "refreshToken", value: "stolen-\(UUID().uuidString)")
            let first = try await cli.run(["whoami", name])
            #expect(first.status == 77)
            #expect(first.stderr.contains("invalid_grant"), "\(first.stderr)")
            #expect(first.stderr.contains("hint: mcpdash login \(name)"))
            let second = try await cli.run(["token", name])
            #expect(second.status == 77)
            #expect(second.stderr.contains("login required"), "\(second.stderr)")
            let events = try await cli.run(["events", name, "--json"])
            #expect(events.stdout.components(separatedBy: #""operation" : "refresh""#).count - 1 == 1, "the server was asked again")
            // A new login clears the state.
            #expect(try await login().status == 0)
            #expect(try await cli.run(["whoami", name]).status == 0)
        }
    }

    @Test("token prints the access token alone; headers prints the JSON a headersHelper expects")
    func tokenBroker() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try configure(peer)
            defer { Task { await cleanUp() } }
            #expect(try await login().status == 0)
            let stored = try #require(try await cli.lookupSecret(server: name, field: "accessToken"))
            let token = try await cli.run(["token", name])
            #expect(token.status == 0)
            #expect(token.stdout == stored + "\n")
            let headers = try await cli.run(["headers", name])
            #expect(headers.status == 0)
            let object = try JSONDecoder().decode([String: String].self, from: Data(headers.stdout.utf8))
            #expect(object == ["Authorization": "Bearer \(stored)"])
        }
    }

    @Test("logout --revoke revokes at the server: the old access token is refused afterwards")
    func logoutRevokes() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try configure(peer)
            defer { Task { await cleanUp() } }
            #expect(try await login().status == 0)
            let access = try #require(try await cli.lookupSecret(server: name, field: "accessToken"))
            #expect(try await status(of: access, at: peer) != 401)
            let logout = try await cli.run(["logout", name, "--revoke"])
            #expect(logout.status == 0, "\(logout.stderr)")
            #expect(logout.stdout.contains("revoked the refresh_token and access_token"), "\(logout.stdout)")
            #expect(try await status(of: access, at: peer) == 401)
            #expect(try await cli.lookupSecret(server: name, field: "accessToken") == nil)
            let whoami = try await cli.run(["whoami", name])
            #expect(whoami.status == 77)
            #expect(whoami.stderr.contains("not logged in"))
            #expect(whoami.stderr.contains("hint: mcpdash login \(name)"))
        }
    }

    @Test("two accounts on one server keep separate tokens; the last login is active and --use switches")
    func namedAccounts() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try configure(peer)
            defer { Task { await cleanUp() } }
            #expect(try await login().status == 0)
            let work = try await cli.run(["login", name, "--account", "work", "--timeout", "60"], environment: browser)
            #expect(work.status == 0, "\(work.stderr)")
            #expect(work.stdout.contains("(account work)"))
            let defaultToken = try #require(try await cli.lookupSecret(server: name, field: "accessToken", account: "default"))
            let workToken = try #require(try await cli.lookupSecret(server: name, field: "accessToken", account: "work"))
            #expect(defaultToken != workToken)
            let accounts = try await cli.run(["accounts", name])
            #expect(accounts.stdout.contains("*  work"), "\(accounts.stdout)")
            #expect(try await cli.run(["token", name]).stdout == workToken + "\n")
            #expect(try await cli.run(["token", name, "--account", "default"]).stdout == defaultToken + "\n")
            let switched = try await cli.run(["accounts", name, "--use", "default"])
            #expect(switched.stdout.contains("*  default"), "\(switched.stdout)")
            #expect(try await cli.run(["token", name]).stdout == defaultToken + "\n")
            #expect(try await cli.run(["whoami", name]).status == 0)
        }
    }

    @Test("configured scopes are merged with the challenge's, never replace them: the login asks for both and the server serves it")
    func configuredScopesMergeWithChallenge() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try configure(peer, auth: #"{"method": "oauth", "scopes": ["mcp:write"]}"#)
            defer { Task { await cleanUp() } }
            let login = try await login()
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stderr.contains("scope=mcp%3Awrite%20mcp%3Aread"), "\(login.stderr)")
            #expect(login.stdout.contains("scopes mcp:write mcp:read;"), "\(login.stdout)")
            let whoami = try await cli.run(["whoami", name])
            #expect(whoami.status == 0, "\(whoami.stderr)")
        }
    }

    @Test("a busy fixed callback port is reported as exactly that, naming the port")
    func busyCallbackPort() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try await PeerServer.with(["--auth", "open"]) { squatter in
                try configure(peer, auth: #"{"method": "oauth", "redirectPort": \#(squatter.port)}"#)
                let result = try await login()
                #expect(result.status == 69)
                #expect(result.stderr.contains("the callback port 127.0.0.1:\(squatter.port) is already in use by another program"), "\(result.stderr)")
                #expect(!result.stderr.localizedCaseInsensitiveContains("csrf"))
            }
        }
    }

    @Test("an authorization server that does not advertise S256 is refused before any browser opens")
    func pkceNotAdvertised() async throws {
        try await PeerServer.with(["--auth", "raw", "--challenge", #"Bearer resource_metadata="http://127.0.0.1:{port}/.well-known/oauth-protected-resource/mcp""#,
                                   "--prm-issuer", "http://127.0.0.1:{port}", "--as-issuer", "http://127.0.0.1:{port}", "--no-pkce"]) { peer in
            try configure(peer)
            let result = try await login()
            #expect(result.status == 77)
            #expect(result.stderr.contains("does not advertise PKCE S256"), "\(result.stderr)")
            #expect(!result.stderr.contains("open this URL"))
        }
    }

    @Test("metadata claiming another issuer is rejected")
    func metadataIssuerMismatch() async throws {
        try await PeerServer.with(["--auth", "raw", "--challenge", #"Bearer resource_metadata="http://127.0.0.1:{port}/.well-known/oauth-protected-resource/mcp""#,
                                   "--prm-issuer", "http://127.0.0.1:{port}", "--as-issuer", "https://evil.example"]) { peer in
            try configure(peer)
            let result = try await login()
            #expect(result.status == 77)
            #expect(result.stderr.contains("names another issuer"), "\(result.stderr)")
        }
    }

    @Test("a callback from another issuer is refused and its code never redeemed; none of its text is shown")
    func forgedIssuer() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try configure(peer)
            defer { Task { await cleanUp() } }
            let result = try await cli.run(["login", name, "--timeout", "60"], environment: ["BROWSER": PeerServer.browser + " --forge iss"])
            #expect(result.status == 77)
            #expect(result.stderr.contains("the authorization response came from issuer https://evil.example"), "\(result.stderr)")
            #expect(!result.stderr.contains("EVIL-TEXT"), "an attacker's error_description was shown")
            #expect(!result.stderr.contains("exchanging"), "the forged code was redeemed")
            #expect(try await cli.lookupSecret(server: name, field: "accessToken") == nil)
        }
    }

    @Test("a callback without the login's state is turned away with a 400 and the login keeps waiting for the real browser")
    func forgedStateIgnored() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try configure(peer)
            defer { Task { await cleanUp() } }
            let log = cli.home + "/browser-\(UUID().uuidString).log"
            let result = try await cli.run(["login", name, "--timeout", "60"],
                                           environment: ["BROWSER": PeerServer.browser + " --forge state-then-login", "MCPDASH_BROWSER_LOG": log])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(lines.contains("forged 400 "), "the forged callback was not answered 400: \(lines)")
            #expect(try await cli.lookupSecret(server: name, field: "accessToken") != nil)
        }
    }

    @Test("a callback without the login's state never ends the login: with no real callback it times out and says so")
    func forgedStateOnly() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try configure(peer)
            defer { Task { await cleanUp() } }
            let result = try await cli.run(["login", name, "--timeout", "10"], environment: ["BROWSER": PeerServer.browser + " --forge state"])
            #expect(result.status == 69, "\(result.stderr)")
            #expect(result.stderr.contains("no login callback arrived"), "\(result.stderr)")
            #expect(result.stderr.contains("1 request without this login's state was turned away"), "\(result.stderr)")
            #expect(try await cli.lookupSecret(server: name, field: "accessToken") == nil)
        }
    }
}

/// Triage of sessions the authorization server has given up on.
@Suite("diagnose after the authorization server forgets")
struct StaleSessionTriageTests {
    let cli = CLIRunner()
    let name = "stale-\(UUID().uuidString.prefix(8).lowercased())"

    @Test("a registration the server no longer knows is diagnosed as stale, with the forget-and-login fix that works")
    func staleRegistration() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "oauth"}}}}"#)
            defer { Task { [cli, name] in for field in ["accessToken", "refreshToken"] { try? await cli.clearSecret(server: name, field: field) } } }
            #expect(try await cli.run(["login", name, "--timeout", "60"], environment: ["BROWSER": PeerServer.browser]).status == 0)
            // The server forgets the client: mcpdash's record now names an id it never issued.
            let database = try StateDatabase(path: cli.home + "/state/mcpdash/state.db")
            let issuer = "http://127.0.0.1:\(peer.port)/"
            var registration = try #require(try database.registration(issuer: issuer))
            registration.clientId = "forgotten-client"
            try database.save(registration)
            var session = try #require(try database.tokenMetadata(server: name))
            session.clientId = "forgotten-client"
            try database.save(session)

            let refresh = try await cli.run(["refresh", name])
            #expect(refresh.status == 77)
            #expect(refresh.stderr.contains("invalid_client"), "\(refresh.stderr)")
            let diagnose = try await cli.run(["diagnose", name])
            #expect(diagnose.stdout.contains("client registration is stale"), "\(diagnose.stdout)")
            #expect(diagnose.stdout.contains("mcpdash logout \(name) --forget registration && mcpdash login \(name)"))

            #expect(try await cli.run(["logout", name, "--forget", "registration"]).status == 0)
            #expect(try await cli.run(["login", name, "--timeout", "60"], environment: ["BROWSER": PeerServer.browser]).status == 0)
            #expect(try await cli.run(["whoami", name]).status == 0)
            let healed = try await cli.run(["diagnose", name])
            #expect(!healed.stdout.contains("registration is stale"), "\(healed.stdout)")
        }
    }

    @Test("a refused refresh token is diagnosed as an ended session")
    func loginRequired() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "oauth"}}}}"#)
            defer { Task { [cli, name] in for field in ["accessToken", "refreshToken"] { try? await cli.clearSecret(server: name, field: field) } } }
            #expect(try await cli.run(["login", name, "--timeout", "60"], environment: ["BROWSER": PeerServer.browser]).status == 0)
            try await cli.storeSecret(server: name, field: "refreshToken", value: "dead-\(UUID().uuidString)")
            #expect(try await cli.run(["refresh", name]).status == 77)
            let diagnose = try await cli.run(["diagnose", name])
            #expect(diagnose.stdout.contains("session has ended at the authorization server"), "\(diagnose.stdout)")
            #expect(diagnose.stdout.contains("mcpdash login \(name)"))
        }
    }
}
