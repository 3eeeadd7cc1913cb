import Foundation
import MCP
import Testing
@testable import MCPDashCore

/// The pieces that keep hostile input out: terminal text, server numbers, URLs leaving mcpdash,
/// resource binding and whole-session replacement.
@Suite("trust boundaries")
struct TrustUnitTests {
    // MARK: - Terminal text

    @Test("escape sequences are removed whole; C0/C1 controls, DEL and bidi overrides are dropped; text survives",
          arguments: [
              ("title\u{1B}]0;pwned\u{07}after", "titleafter"),
              ("clip\u{1B}]52;c;ZXZpbA==\u{1B}\\end", "clipend"),
              ("\u{1B}[31mred\u{1B}[0m plain", "red plain"),
              ("csi8\u{9B}2Jcleared", "csi8cleared"),
              ("osc8\u{9D}0;x\u{9C}kept", "osc8kept"),
              ("bell\u{07} nul\u{00} del\u{7F} c1\u{85}", "bell nul del c1"),
              ("over\rwrite", "over write"),
              ("line\r\nnext", "line\nnext"),
              ("rtl \u{202E}evil\u{202C} \u{2066}x\u{2069}", "rtl evil x"),
              ("charset\u{1B}(Bdone", "charsetdone"),
              ("cut short \u{1B}[12", "cut short "),
              ("tab\tand\nnewline, émoji ⏳", "tab\tand\nnewline, émoji ⏳"),
          ])
    func sanitize(input: String, expected: String) {
        #expect(TerminalText.sanitize(input) == expected)
    }

    @Test("without newlines, a line break becomes a space (for one-line cells)")
    func oneLine() {
        #expect(TerminalText.sanitize("a\nb", keepNewlines: false) == "a b")
    }

    @Test("JSON keeps decoding to the same value while C1 controls and bidi overrides become escapes")
    func jsonEscapes() throws {
        let value = ["m": "x\u{85}y\u{202E}z\u{7F}"]
        let encoded = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        let safe = JSONText.escapingControls(encoded)
        #expect(!safe.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
        #expect(try JSONDecoder().decode([String: String].self, from: Data(safe.utf8)) == value)
    }

    // MARK: - Numbers from servers

    @Test("expires_in: absurd values are cut to ten years, garbage and non-positive values mean unknown, nothing traps",
          arguments: [
              (Value.double(1e300), ServerNumber.maximumLifetime), (.double(1e19), ServerNumber.maximumLifetime),
              (.int(Int.max), ServerNumber.maximumLifetime), (.double(1e18), ServerNumber.maximumLifetime),
              (.string("9223372036854775807"), ServerNumber.maximumLifetime), (.int(3600), 3600), (.double(3599.9), 3599),
              (.string("120"), 120),
          ])
    func lifetimes(value: Value, expected: Int) {
        #expect(ServerNumber.lifetime(value) == expected)
    }

    @Test("expires_in that is negative, zero, not finite or not a number is unknown", arguments: [
        Value.int(-5), .int(0), .double(-1e300), .string("NaN"), .string("inf"), .string("soon"), .bool(true), .null,
    ])
    func unknownLifetimes(value: Value) {
        #expect(ServerNumber.lifetime(value) == nil)
    }

    @Test("a token response with a huge expires_in stores an expiry the database reads back")
    func hugeExpiryRoundTrips() throws {
        let directory = TestSupport.temporaryDirectory()
        let database = try StateDatabase(path: directory + "/state.db")
        let vault = TokenVault(store: InMemorySecretStore(), database: database, server: "s")
        for raw in [Value.double(1e300), .double(1e18), .int(Int.max), .int(-5)] {
            let tokens = try #require(TokenResponse(object: ["access_token": "a-token-value", "expires_in": raw]))
            try vault.save(tokens, context: .init(issuer: nil, tokenEndpoint: nil, clientId: nil))
            let read = try #require(try vault.metadata())
            if let expiry = read.expiresAt {
                #expect(expiry.timeIntervalSince1970 <= ServerNumber.latestTimestamp)
                #expect(expiry > Date())
            } else {
                #expect(raw == .int(-5))
            }
        }
    }

    @Test("JWT exp and iat of 1e300 decode as dates in range instead of trapping")
    func hugeJWTClaims() async throws {
        let header = Base64URL.encode(Data(#"{"alg":"none"}"#.utf8))
        let payload = Base64URL.encode(Data(#"{"sub":"x","exp":1e300,"iat":-1e300}"#.utf8))
        let claims = try #require(await TokenClaims.decode("\(header).\(payload).sig"))
        #expect(claims.expiresAt?.timeIntervalSince1970 == ServerNumber.latestTimestamp)
        #expect(claims.issuedAt?.timeIntervalSince1970 == 0)
    }

    @Test("tokens with a line break, an escape or a non-ASCII character are refused")
    func tokenText() {
        #expect(TokenResponse(object: ["access_token": "ok-token"]) != nil)
        for bad in ["line\r\nX-Injected: 1", "esc\u{1B}]0;x\u{07}", "ünïcode", "", " padded"] {
            #expect(TokenResponse(object: ["access_token": .string(bad)]) == nil, "accepted \(bad.debugDescription)")
        }
        let response = TokenResponse(object: ["access_token": "ok-token", "refresh_token": "bad\nvalue"])
        #expect(response?.refreshToken == nil)
    }

    @Test("device intervals and Retry-After are bounded")
    func intervals() {
        #expect(ServerNumber.seconds(.double(1e300), in: 1...60, fallback: 5) == 60)
        #expect(ServerNumber.seconds(.int(-3), in: 1...60, fallback: 5) == 1)
        #expect(ServerNumber.seconds(.string("x"), in: 1...60, fallback: 5) == 5)
        #expect(RetryPolicy.standard.delay(attempt: 0, retryAfter: "1e300") == RetryPolicy.maximumDelay)
        #expect(RetryPolicy.standard.delay(attempt: 0, retryAfter: "inf", jitter: 1) == 0.5)
    }

    // MARK: - Bounded reads

    @Test("deeply nested JSON from a server is an error, not a crash")
    func deepJSON() {
        let depth = 100_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Value.self, from: Data(text.utf8)) }
    }

    @Test("a huge WWW-Authenticate header is read up to its bound, and says so")
    func hugeChallenge() {
        let header = #"Bearer scope="mcp:read", error_description=""# + String(repeating: "x", count: 1 << 20) + #"""#
        let result = WWWAuthenticateParser.parse(header)
        #expect(result.challenges.first?.scopes == ["mcp:read"])
        #expect(result.problems.contains { $0.contains("only the first \(WWWAuthenticateParser.maximumLength) were read") })
        let many = WWWAuthenticateParser.parse(Array(repeating: "Bearer", count: 1000))
        #expect(many.challenges.count == WWWAuthenticateParser.maximumValues)
    }

    @Test("an SSE line or event over its bound is cut and flagged")
    func sseBounds() {
        var parser = SSEEventParser()
        _ = parser.feed(Array(repeating: UInt8(ascii: "x"), count: SSEEventParser.maximumLineBytes + 10))
        #expect(parser.overflowed)
        var events = SSEEventParser()
        let line = Array("data: ".utf8) + Array(repeating: UInt8(ascii: "y"), count: 1 << 20) + [0x0A]
        for _ in 0..<17 { _ = events.feed(line) }
        #expect(events.overflowed)
    }

    // MARK: - URLs that leave mcpdash

    @Test("loopback means 127.0.0.0/8, ::1 and localhost literals only", arguments: [
        ("127.0.0.1", true), ("127.1.2.3", true), ("localhost", true), ("[::1]", true), ("::1", true),
        ("127.evil.example", false), ("127.0.0.1.evil.example", false), ("localhost.evil.example", false),
        ("128.0.0.1", false), ("127.0.0.256", false), ("127.0.0", false), ("0x7f.0.0.1", false),
    ])
    func loopback(host: String, expected: Bool) {
        #expect(OriginPolicy.isLoopback(host) == expected)
    }

    @Test("what may go to a browser or a discovery fetch", arguments: [
        ("https://as.example/authorize", true), ("http://127.0.0.1:8080/authorize", true), ("http://localhost/x", true),
        ("--renderer-cmd-prefix=touch ~/pwned", false), ("file:///etc/passwd", false), ("javascript:alert(1)", false),
        ("http://as.example/authorize", false), ("http://127.evil.example/authorize", false),
        ("https://user:pass@as.example/authorize", false), ("https://as.example/a b", false),
        ("https://as.example/a\nb", false), ("ftp://as.example/", false), ("https:///nohost", false),
    ])
    func outbound(url: String, allowed: Bool) {
        #expect((OriginPolicy.outboundRefusal(url) == nil) == allowed, "\(url)")
    }

    @Test("a refused URL's user information never appears in the refusal")
    func userInfoNotShown() {
        let refusal = OriginPolicy.outboundRefusal("https://alice:canary-password-77@as.example/authorize")
        #expect(refusal?.contains("canary-password-77") == false)
        #expect(refusal?.contains("https://as.example") == true)
    }

    @Test("the browser opener runs nothing for a refused URL")
    func browserRefuses() {
        #expect(BrowserOpener.open("--renderer-cmd-prefix=touch /tmp/x", environment: ["BROWSER": "/bin/true"]) == nil)
        #expect(BrowserOpener.open("file:///etc/passwd", environment: ["BROWSER": "/bin/true"]) == nil)
    }

    // MARK: - Resource binding

    @Test("a resource covers its own endpoint and those below it, after normalisation; nothing else", arguments: [
        ("https://mcp.example/mcp", "https://mcp.example/mcp", true),
        ("https://MCP.example:443/mcp/", "https://mcp.example/mcp", true),
        ("https://mcp.example", "https://mcp.example/mcp", true),
        ("https://mcp.example/mcp", "https://mcp.example/mcp/tools", true),
        ("https://victim.example/mcp", "https://mcp.example/mcp", false),
        ("https://mcp.example/mc", "https://mcp.example/mcp", false),
        ("https://mcp.example/mcp/deeper", "https://mcp.example/mcp", false),
        ("http://mcp.example/mcp", "https://mcp.example/mcp", false),
        ("https://mcp.example:8443/mcp", "https://mcp.example/mcp", false),
        ("not a url", "https://mcp.example/mcp", false),
    ])
    func covers(resource: String, endpoint: String, expected: Bool) {
        #expect(ResourceIdentifier.covers(resource, endpoint: endpoint) == expected)
    }

    @Test("canonical resource: lower-case scheme and host, no default port, fragment or trailing slash")
    func canonical() {
        #expect(ResourceIdentifier.canonical("HTTPS://Mcp.Example:443/mcp/#x") == "https://mcp.example/mcp")
        #expect(ResourceIdentifier.canonical("http://127.0.0.1:8080/") == "http://127.0.0.1:8080")
    }

    // MARK: - Sessions

    @Test("a new login replaces the whole token set; a refresh keeps what it does not renew")
    func loginReplacesSession() throws {
        let directory = TestSupport.temporaryDirectory()
        let database = try StateDatabase(path: directory + "/state.db")
        let store = InMemorySecretStore()
        let vault = TokenVault(store: store, database: database, server: "s")
        try vault.save(try #require(TokenResponse(object: ["access_token": "old-access", "refresh_token": "old-refresh", "id_token": "old-id-token"])),
                       context: .init(issuer: "https://old.example", tokenEndpoint: "https://old.example/token", clientId: "c1", subject: "old@x"))
        try vault.save(try #require(TokenResponse(object: ["access_token": "refreshed-access"])),
                       context: .init(issuer: nil, tokenEndpoint: nil, clientId: nil))
        #expect(try vault.value(TokenVault.Field.refreshToken) == "old-refresh")
        try vault.save(try #require(TokenResponse(object: ["access_token": "new-access"])),
                       context: .init(issuer: "https://new.example", tokenEndpoint: "https://new.example/token", clientId: "c2",
                                      replacesSession: true))
        #expect(try vault.value(TokenVault.Field.refreshToken) == nil)
        #expect(try vault.value(TokenVault.Field.idToken) == nil)
        let metadata = try #require(try vault.metadata())
        #expect(metadata.subject == nil && metadata.issuer == "https://new.example" && metadata.rotationCount == 0)
    }
}
