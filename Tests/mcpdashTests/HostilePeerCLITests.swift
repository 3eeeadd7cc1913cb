import AsyncHTTPClient
import Foundation
import MCPDashCore
import NIOCore
import Synchronization
import Testing

/// The real binary against `Tests/Peers/hostile_peer.py`: every attack is refused, nothing is
/// stored wrongly, and nothing raw or secret reaches stdout, stderr or the journal.
@Suite("hostile servers")
struct HostilePeerCLITests {
    let cli = CLIRunner()
    let name = "hostile-\(UUID().uuidString.prefix(8).lowercased())"

    /// What the peer was asked: token, authorize, register, mcp and device requests.
    func counts(_ peer: PeerServer) async throws -> [String: Int] {
        try await peer.counts()
    }

    func oauthConfig(_ peer: PeerServer) throws {
        try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "oauth"}}}}"#)
    }

    func clientCredentialsConfig(_ peer: PeerServer) throws {
        try cli.writeConfig(#"""
            {"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "clientCredentials", "style": "post",
              "tokenURL": "http://127.0.0.1:\#(peer.port)/token", "clientId": "hostile-client", "clientSecret": "${SECRET}"}}}}
            """#)
    }

    func cleanUp() async {
        for field in ["accessToken", "refreshToken", "idToken"] { try? await cli.clearSecret(server: name, field: field) }
    }

    /// No escape, BEL or C1 control in `text`.
    func isTerminalSafe(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || (0x80...0x9F).contains($0.value) }
    }

    @Test("metadata naming another resource gets no login: refused before the browser, nothing stored, no token requested")
    func resourceMismatch() async throws {
        try await PeerServer.with(["--mode", "resource-mismatch"], script: "hostile_peer.py") { peer in
            try oauthConfig(peer)
            defer { Task { await cleanUp() } }
            let result = try await cli.run(["login", name, "--timeout", "20"], environment: ["BROWSER": PeerServer.browser])
            #expect(result.status == 77, "\(result.stderr)")
            #expect(result.stderr.contains("names resource https://victim.example/mcp"), "\(result.stderr)")
            let asked = try await counts(peer)
            #expect(asked["authorize"] == 0 && asked["token"] == 0, "\(asked)")
            #expect(try await cli.lookupSecret(server: name, field: "accessToken") == nil)
            let events = try await cli.run(["events", name])
            #expect(events.stdout.contains("discovery  failure        protected resource metadata names resource https://victim.example/mcp"),
                    "\(events.stdout)")
        }
    }

    @Test("an authorization endpoint that is an option or a file never reaches the browser", arguments: [
        "--renderer-cmd-prefix=touch /tmp/mcpdash-pwned", "file:///etc/passwd", "http://remote.example/authorize",
    ])
    func evilAuthorizationEndpoint(endpoint: String) async throws {
        try await PeerServer.with(["--mode", "evil-authorize", "--authorize-endpoint=\(endpoint)"], script: "hostile_peer.py") { peer in
            try oauthConfig(peer)
            defer { Task { await cleanUp() } }
            let marker = cli.home + "/browser-ran"
            let result = try await cli.run(["login", name, "--timeout", "20"], environment: ["BROWSER": "/usr/bin/touch \(marker)"])
            #expect(result.status == 77, "\(result.stderr)")
            #expect(result.stderr.contains("refused"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: marker), "the browser command was run")
            #expect(!result.stdout.contains(endpoint), "the refused URL was offered for copying")
        }
    }

    @Test("a device verification URI that is not https never reaches the browser")
    func evilVerificationURI() async throws {
        try await PeerServer.with(["--mode", "evil-device", "--authorize-endpoint=--kiosk=file:///etc/shadow"], script: "hostile_peer.py") { peer in
            try cli.writeConfig(#"""
                {"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "deviceCode", "clientId": "device-client",
                  "deviceAuthorizationURL": "http://127.0.0.1:\#(peer.port)/device", "tokenURL": "http://127.0.0.1:\#(peer.port)/token"}}}}
                """#)
            let marker = cli.home + "/browser-ran"
            let result = try await cli.run(["login", name, "--timeout", "20"], environment: ["BROWSER": "/usr/bin/touch \(marker)"])
            #expect(result.status == 77, "\(result.stderr)")
            #expect(result.stderr.contains("device authorization response was refused"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: marker), "the browser command was run")
        }
    }

    @Test("absurd expires_in values never crash: the token is stored, read back and served", arguments: [
        "1e300", "1e19", "9223372036854775807", "1e18", "-5", "\"NaN\"",
    ])
    func absurdExpiry(expiresIn: String) async throws {
        try await PeerServer.with(["--mode", "expires", "--expires-in", expiresIn], script: "hostile_peer.py") { peer in
            try clientCredentialsConfig(peer)
            defer { Task { await cleanUp() } }
            let environment = ["SECRET": "hostile-secret"]
            let login = try await cli.run(["login", name], environment: environment)
            #expect(login.status == 0, "\(login.stderr)")
            for _ in 0..<2 {
                let token = try await cli.run(["token", name], environment: environment)
                #expect(token.status == 0, "\(token.stderr)")
                #expect(token.stdout.hasPrefix("hostile-access-"))
            }
            let list = try await cli.run(["status", name, "--json"], environment: environment)
            #expect(list.status == 0, "\(list.stderr)")
            // A non-positive or garbage lifetime is unknown, not expired: the token is not fetched again on every call.
            #expect(try await counts(peer)["token"] == 1)
        }
    }

    @Test("one process's requests wait for each answer to its end and share a kept-alive connection, from a server that writes head and body apart")
    func keptAliveConnection() async throws {
        try await PeerServer.with(["--mode", "honest"], script: "hostile_peer.py") { peer in
            try clientCredentialsConfig(peer)
            defer { Task { await cleanUp() } }
            let environment = ["SECRET": "hostile-secret"]
            #expect(try await cli.run(["login", name], environment: environment).status == 0)
            let before = try await counts(peer)
            let whoami = try await cli.run(["whoami", name], environment: environment)
            #expect(whoami.status == 0, "\(whoami.stderr)")
            let after = try await counts(peer)
            let requests = (after["requests"] ?? 0) - (before["requests"] ?? 0)
            #expect(requests >= 3, "initialize, initialized and the identity call: \(before) → \(after)")
            // Every request waits for the last answer to be read to the end (a 202's late body
            // included), so none overlaps another, and they share a connection: at most one new
            // connection is opened while an idle one could have been reused (one is, in every run;
            // its cause is not found yet), where a connection per request would be three. New
            // connections after the 3 s idle limit are not counted: on a loaded machine the process
            // can stall that long between requests, and the pool rightly closes the idle one.
            #expect(after["overlaps"] == before["overlaps"], "whoami sent a request before reading the last answer to the end: \(before) → \(after)")
            #expect((after["needless"] ?? 0) - (before["needless"] ?? 0) <= 1, "whoami opened connections while an idle one could be reused: \(before) → \(after)")
        }
    }

    @Test("escape sequences from a server never reach the terminal; --json stays valid JSON")
    func escapes() async throws {
        try await PeerServer.with(["--mode", "escape"], script: "hostile_peer.py") { peer in
            try clientCredentialsConfig(peer)
            let environment = ["SECRET": "hostile-secret"]
            let login = try await cli.run(["login", name], environment: environment)
            #expect(login.status != 0)
            #expect(login.stderr.contains("refused"), "\(login.stderr)")
            let token = try await cli.run(["token", name], environment: environment)
            let status = try await cli.run(["status", name], environment: environment)
            let diagnose = try await cli.run(["diagnose", name], environment: environment)
            let events = try await cli.run(["events", name])
            for result in [login, token, status, diagnose, events] {
                #expect(isTerminalSafe(result.stdout + result.stderr), "raw escapes in: \((result.stdout + result.stderr).debugDescription)")
            }
            let json = try await cli.run(["events", name, "--json"])
            #expect(isTerminalSafe(json.stdout))
            let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
            #expect((decoded as? [Any])?.isEmpty == false)
        }
    }

    @Test("a refresh that rotates the refresh token and then answers garbage keeps the session: the new refresh token is stored first")
    func garbageAfterRotation() async throws {
        try await PeerServer.with(["--mode", "garbage-refresh"], script: "hostile_peer.py") { peer in
            try oauthConfig(peer)
            defer { Task { await cleanUp() } }
            let login = try await cli.run(["login", name, "--timeout", "30"], environment: ["BROWSER": PeerServer.browser])
            #expect(login.status == 0, "\(login.stderr)")
            let before = try await cli.lookupSecret(server: name, field: "refreshToken")
            let garbage = try await cli.run(["refresh", name])
            #expect(garbage.status != 0, "a malformed access token was accepted")
            let rotated = try await cli.lookupSecret(server: name, field: "refreshToken")
            #expect(rotated != nil && rotated != before, "the rotated refresh token was not stored")
            let next = try await cli.run(["refresh", name])
            #expect(next.status == 0, "the session was lost: \(next.stderr)")
            let whoami = try await cli.run(["whoami", name, "--fresh"])
            #expect(whoami.status == 0, "\(whoami.stderr)")
        }
    }

    @Test("a stored token is never sent to a server whose URL was edited to another resource")
    func editedURL() async throws {
        try await PeerServer.with(["--mode", "honest"], script: "hostile_peer.py") { peer in
            try await PeerServer.with(["--mode", "honest"], script: "hostile_peer.py") { other in
                try oauthConfig(peer)
                defer { Task { await cleanUp() } }
                #expect(try await cli.run(["login", name, "--timeout", "30"], environment: ["BROWSER": PeerServer.browser]).status == 0)
                try oauthConfig(other)
                let token = try await cli.run(["token", name])
                #expect(token.status == 77, "\(token.stderr)")
                #expect(token.stderr.contains("was issued for http://127.0.0.1:\(peer.port)/mcp"), "\(token.stderr)")
                let whoami = try await cli.run(["whoami", name, "--fresh"])
                #expect(whoami.status != 0)
                #expect(try await counts(other)["mcp"] == 0, "the edited URL's server received a request with the old token")
            }
        }
    }

    @Test("a pre-registered client stays with the issuer it was first used with: another authorization server gets none of it")
    func preRegisteredBinding() async throws {
        try await PeerServer.with(["--mode", "honest"], script: "hostile_peer.py") { first in
            try await PeerServer.with(["--mode", "honest"], script: "hostile_peer.py") { second in
                func configure(_ peer: PeerServer) throws {
                    try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "oauth", "clientId": "pre-client"}}}}"#)
                }
                defer { Task { await cleanUp() } }
                try configure(first)
                let login = try await cli.run(["login", name, "--timeout", "30"], environment: ["BROWSER": PeerServer.browser])
                #expect(login.status == 0, "\(login.stderr)")
                try configure(second)
                let moved = try await cli.run(["login", name, "--timeout", "30"], environment: ["BROWSER": PeerServer.browser])
                #expect(moved.status == 77, "\(moved.stderr)")
                #expect(moved.stderr.contains("belongs to the authorization server http://127.0.0.1:\(first.port)"), "\(moved.stderr)")
                let asked = try await counts(second)
                #expect(asked["authorize"] == 0 && asked["token"] == 0, "the other issuer received the client: \(asked)")
                // Forgetting the registration releases the binding; the next login may use the new issuer.
                #expect(try await cli.run(["logout", name, "--forget", "registration"]).status == 0)
                #expect(try await cli.run(["login", name, "--timeout", "30"], environment: ["BROWSER": PeerServer.browser]).status == 0)
            }
        }
    }

    @Test("rotating an OAuth client secret proves it with a real refresh and keeps the rotated refresh token: the session survives")
    func rotateClientSecretKeepsSession() async throws {
        try await PeerServer.with(["--mode", "honest"], script: "hostile_peer.py") { peer in
            try cli.writeConfig(#"""
                {"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "oauth", "clientId": "pre-client", "clientSecret": "keyring:",
                  "clientAuthMethod": "client_secret_post"}}}}
                """#)
            defer { Task { await cleanUp(); try? await cli.clearSecret(server: name, field: "clientSecret") } }
            try await cli.storeSecret(server: name, field: "clientSecret", value: "first-client-secret")
            #expect(try await cli.run(["login", name, "--timeout", "30"], environment: ["BROWSER": PeerServer.browser]).status == 0)
            let rotate = try await cli.run(["rotate", name, "--field", "clientSecret"], stdin: "second-client-secret\n")
            #expect(rotate.status == 0, "\(rotate.stderr)")
            #expect(try await cli.lookupSecret(server: name, field: "clientSecret") == "second-client-secret")
            // The peer rotates strictly: only the refresh token the proving refresh received is alive now.
            let refresh = try await cli.run(["refresh", name])
            #expect(refresh.status == 0, "the session died with the rotation: \(refresh.stderr)")
            let rollback = try await cli.run(["rotate", name, "--field", "clientSecret", "--rollback"])
            #expect(rollback.status == 0, "\(rollback.stderr)")
            #expect(try await cli.lookupSecret(server: name, field: "clientSecret") == "first-client-secret")
            #expect(try await cli.lookupSecret(server: name, field: "clientSecret.restoring") == nil)
        }
    }

    @Test("a response header with a control character is a protocol error, not 'cannot connect'")
    func invalidHeader() async throws {
        try await PeerServer.with(["--mode", "bad-header"], script: "hostile_peer.py") { peer in
            try clientCredentialsConfig(peer)
            defer { Task { await cleanUp() } }
            let environment = ["SECRET": "hostile-secret"]
            #expect(try await cli.run(["login", name], environment: environment).status == 0)
            let status = try await cli.run(["status", name], environment: environment)
            #expect(status.status != 0)
            #expect(status.stdout.contains("not valid HTTP"), "\(status.stdout)")
            #expect(!status.stdout.contains("cannot connect"), "\(status.stdout)")
        }
    }
}

/// Connections that fail, and configs with a broken entry.
@Suite("failures are fast and specific")
struct FailureCLITests {
    let cli = CLIRunner()

    @Test("a refused port is 'connection refused' even with a short timeout; a silent one is reported at its deadline")
    func refusedAndSilent() async throws {
        // A listener that accepts and never answers.
        let silent = try await ServerSocketHolder.bind()
        defer { silent.close() }
        try cli.writeConfig("""
            {"mcpServers": {
              "refused": {"url": "http://127.0.0.1:9/mcp", "timeout": 2},
              "silent": {"url": "http://127.0.0.1:\(silent.port)/mcp", "timeout": 1}
            }}
            """)
        let refused = try await cli.run(["status", "refused", "--json"])
        let reports = try JSONDecoder().decode([HealthReport].self, from: Data(refused.stdout.utf8))
        #expect(reports.first?.detail == "connection refused", "\(refused.stdout)")
        let quiet = try await cli.run(["status", "silent", "--json"])
        let quietReports = try JSONDecoder().decode([HealthReport].self, from: Data(quiet.stdout.utf8))
        #expect(quietReports.first?.detail.contains("no answer within 1 s") == true, "\(quiet.stdout)")
    }

    @Test("one malformed entry: list, status and other servers' commands work; naming it exits 78 with file, server and field")
    func brokenEntry() async throws {
        try await PeerServer.with(["--auth", "open", "--json-response"]) { open in
            let path = try cli.writeConfig("""
                {"mcpServers": {
                  "good": {"url": "\(open.url)"},
                  "broken": {"url": "https://b.example/mcp", "auth": {"method": "apiKey"}}
                }}
                """)
            let list = try await cli.run(["list"])
            #expect(list.status == 0, "\(list.stderr)")
            #expect(list.stdout.contains("good") && list.stdout.contains("broken  —          invalid"), "\(list.stdout)")
            #expect(list.stderr.contains("error: \(path): server \"broken\", field auth.key: missing: the API key"), "\(list.stderr)")
            let status = try await cli.run(["status", "--json"])
            let reports = try JSONDecoder().decode([HealthReport].self, from: Data(status.stdout.utf8))
            #expect(Dictionary(uniqueKeysWithValues: reports.map { ($0.server, $0.outcome) }) == ["good": .ok, "broken": .misconfigured])
            #expect(try await cli.run(["whoami", "good"]).status == 0)
            let broken = try await cli.run(["whoami", "broken"])
            #expect(broken.status == 78)
            #expect(broken.stderr.contains("server \"broken\", field auth.key"), "\(broken.stderr)")
        }
    }

    @Test("a secret expanded into a URL's query is never printed or stored")
    func secretInURL() async throws {
        let canary = "canary-url-key-\(UUID().uuidString.prefix(8))"
        try cli.writeConfig(#"{"mcpServers": {"q": {"url": "http://127.0.0.1:9/mcp?key=${API_KEY}"}}}"#)
        let environment = ["API_KEY": canary]
        var output = ""
        for command in [["list"], ["list", "--json"], ["status", "q"], ["diagnose", "q"], ["events"]] {
            let result = try await cli.run(command, environment: environment)
            output += result.stdout + result.stderr
        }
        #expect(!output.contains(canary), "the URL's secret was printed")
        #expect(output.contains("key=[redacted]"), "\(output)")
        let database = cli.home + "/state/mcpdash/state.db"
        let bytes = ((try? Data(contentsOf: URL(fileURLWithPath: database))) ?? Data()) + ((try? Data(contentsOf: URL(fileURLWithPath: database + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data(canary.utf8)) == nil, "the URL's secret is in the state database")
    }
}

/// A loopback TCP listener that accepts connections and never answers, for deadline tests.
final class ServerSocketHolder: @unchecked Sendable {
    let port: Int
    private let descriptor: Int32

    private init(port: Int, descriptor: Int32) {
        self.port = port
        self.descriptor = descriptor
    }

    static func bind() async throws -> ServerSocketHolder {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                try #require(Glibc.bind(descriptor, raw, length) == 0 && listen(descriptor, 16) == 0)
            }
        }
        var bound = sockaddr_in()
        withUnsafeMutablePointer(to: &bound) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in _ = getsockname(descriptor, raw, &length) }
        }
        return ServerSocketHolder(port: Int(UInt16(bigEndian: bound.sin_port)), descriptor: descriptor)
    }

    private let closed = Mutex(false)

    /// Closes the listener (resetting connections it never accepted); later calls do nothing,
    /// so the descriptor number, reused by then, is never closed twice.
    func close() {
        guard !closed.withLock({ closed in defer { closed = true }; return closed }) else { return }
        _ = Glibc.close(descriptor)
    }
}
