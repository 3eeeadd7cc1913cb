import Foundation
@testable import MCPDashCore
import Testing

/// `TriageJudge.judge` on fixture facts: every cause's verdict and typed fix, without a server.
@Suite("triage's judge")
struct TriageJudgeTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static let config = """
        {"mcpServers": {
          "oauth": {"url": "https://mcp.example/mcp", "auth": {"method": "oauth"}},
          "env-bearer": {"url": "https://mcp.example/mcp", "auth": {"method": "bearer", "token": "${T}"}},
          "kept-bearer": {"url": "https://mcp.example/mcp", "auth": {"method": "bearer", "token": "keyring:"}},
          "open": {"url": "https://mcp.example/mcp"}
        }}
        """

    func server(_ name: String) throws -> ServerConfig {
        let config = try ConfigLoader.parse(Data(Self.config.utf8), file: "servers.json", resolver: EnvironmentResolver(process: [:]))
        return try #require(config.server(named: name))
    }

    /// The facts of a probe answered with `status` and `challenge`, a bearer credential sent.
    func facts(_ name: String, status: Int? = 401, challenge: String? = #"Bearer error="invalid_token""#,
               token: String? = "opaque-token", error: String? = nil) throws -> TriageFacts {
        let probe = TriageReport.Probe(url: "https://mcp.example/mcp", status: status, sentCredential: token != nil, serverDate: nil,
                                       challenges: challenge.map { [$0] } ?? [], error: error)
        return TriageFacts(server: try server(name), probe: probe, challenges: WWWAuthenticateParser.parse(probe.challenges),
                           credentialError: nil, sendsCredential: token != nil, authorization: token.map { "Bearer \($0)" },
                           claims: token.flatMap(TokenClaims.unverified), stored: nil, lastGrantFailure: nil, now: Self.now)
    }

    /// An unsigned JWT with `claims` (only its payload is read).
    func jwt(_ claims: String) -> String {
        "eyJhbGciOiJIUzI1NiJ9." + Base64URL.encode(Data(claims.utf8)) + ".c2ln"
    }

    func judged(_ facts: TriageFacts) -> (verdict: String, remedy: TriageFix?, failed: [String]) {
        let report = TriageJudge.judge(facts)
        #expect(report.fix == report.remedy?.commandLine(server: facts.server.name), "the words are the typed fix's")
        return (report.verdict, report.remedy, report.checks.filter { $0.status == .failure }.map(\.id.rawValue))
    }

    @Test("a credential that cannot be produced: log in, fill the variable, or rotate, by where it comes from")
    func credentialUnavailable() throws {
        for (name, remedy) in [("oauth", TriageFix.login), ("env-bearer", .setVariable(template: "${T}")), ("kept-bearer", .rotate)] {
            var facts = try facts(name, token: nil)
            facts.credentialError = "the keyring is locked"
            let result = judged(facts)
            #expect(result.verdict == "\(name) has no usable credential: the keyring is locked.")
            #expect(result.remedy == remedy, "\(name)")
        }
        #expect(TriageFix.setVariable(template: "${T}").commandLine(server: "x") == "put a valid credential in ${T} (the environment or the .env file)")
    }

    @Test("a stale registration, an ended session, a config without auth, no credential sent")
    func sessionCauses() throws {
        var stale = try facts("oauth")
        stale.lastGrantFailure = JournalEvent(time: Self.now, server: "oauth", operation: .refresh, outcome: .failure, message: "invalid_client: unknown client")
        #expect(judged(stale).remedy == .forgetRegistrationThenLogin)
        #expect(TriageFix.forgetRegistrationThenLogin.commandLine(server: "oauth") == "mcpdash logout oauth --forget registration && mcpdash login oauth")

        var ended = try facts("oauth")
        var session = TokenMetadata(server: "oauth", expiresAt: Self.now + 600, obtainedAt: Self.now - 60)
        session.loginRequired = "invalid_grant"
        ended.stored = session
        let endedResult = judged(ended)
        #expect(endedResult.remedy == .login && endedResult.verdict.contains("session has ended"))

        let open = judged(try facts("open", token: nil))
        #expect(open.failed.contains("server-wants-auth"))
        guard case .editConfig(let change)? = open.remedy else { Issue.record("\(String(describing: open.remedy))"); return }
        #expect(change.contains("add an auth method to open"))

        let unsent = judged(try facts("kept-bearer", token: nil))
        #expect(unsent.verdict == "kept-bearer refused a request that carried no credential." && unsent.remedy == .rotate)
    }

    @Test("an expired token is refreshed (or replaced); the server's clock decides when the two disagree")
    func expiry() throws {
        var expired = try facts("oauth", token: jwt(#"{"exp":\#(Int(Self.now.timeIntervalSince1970) - 60)}"#))
        #expect(judged(expired).remedy == .refresh)
        #expect(judged(expired).verdict == "The token for oauth has expired.")
        let replaced = judged(try facts("kept-bearer", token: jwt(#"{"exp":\#(Int(Self.now.timeIntervalSince1970) - 60)}"#)))
        #expect(replaced.remedy == .rotate)

        // Valid by this machine's clock, expired by the server's, which is two hours ahead.
        expired = try facts("oauth", status: 401, token: jwt(#"{"exp":\#(Int(Self.now.timeIntervalSince1970) + 3600)}"#))
        expired.probe = TriageReport.Probe(url: expired.probe.url, status: 401, sentCredential: true,
                                           serverDate: "Fri, 15 Jan 2027 10:00:00 GMT", challenges: expired.probe.challenges, error: nil)
        let report = TriageJudge.judge(expired)
        #expect(report.checks.contains { $0.id == .clockSkew && $0.status == .warning })
        #expect(report.remedy == .refresh, "judged by the server's clock: \(report.checks)")
    }

    @Test("wrong audience, untrusted issuer, forged metadata, missing scopes, wrong scheme, malformed header")
    func tokenCauses() throws {
        let audience = judged(try facts("oauth", token: jwt(#"{"aud":"https://other.example/mcp"}"#)))
        #expect(audience.failed.contains("audience-mismatch") && audience.remedy == .login)

        var issuer = try facts("oauth", token: jwt(#"{"iss":"https://evil.example"}"#))
        issuer.discovery.authorizationServers = ["https://as.example"]
        #expect(judged(issuer).failed.contains("issuer-mismatch"))
        #expect(judged(issuer).verdict == "The token for oauth comes from an issuer this server does not trust.")

        var forged = try facts("oauth")
        forged.discovery.issuerMismatches = ["https://as.example"]
        #expect(judged(forged).remedy == .reportToOperator)

        let scopes = judged(try facts("oauth", status: 403, challenge: #"Bearer error="insufficient_scope", scope="mcp:read mcp:write""#,
                                      token: jwt(#"{"scope":"mcp:read"}"#)))
        #expect(scopes.remedy == .stepUp(scopes: ["mcp:read", "mcp:write"]))
        #expect(scopes.verdict == "The token for oauth lacks scopes the server asks for.")

        let scheme = judged(try facts("kept-bearer", challenge: #"DPoP algs="ES256""#))
        #expect(scheme.failed.contains("wrong-scheme"))
        guard case .editConfig? = scheme.remedy else { Issue.record("\(String(describing: scheme.remedy))"); return }

        let malformed = judged(try facts("kept-bearer", challenge: #"Bearer realm="unterminated"#))
        #expect(malformed.failed.contains("header-malformed") && malformed.remedy == .reportToOperator)
    }

    @Test("a valid-looking token refused: forget the tokens and log in; unreachable; accepted")
    func lastResorts() throws {
        let revoked = judged(try facts("oauth"))
        #expect(revoked.failed == ["rejected-though-valid"])
        #expect(revoked.remedy == .forgetTokensThenLogin, "the revoked-token fix is one f can perform")
        #expect(judged(try facts("kept-bearer")).remedy == .rotate)

        let unreachable = judged(try facts("oauth", status: nil, challenge: nil, error: "connection refused"))
        #expect(unreachable.verdict == "oauth could not be reached: connection refused." && unreachable.remedy == .checkStatus)

        let accepted = judged(try facts("kept-bearer", status: 200, challenge: nil))
        #expect(accepted.verdict == "kept-bearer accepts the credential (HTTP 200)." && accepted.remedy == nil)
    }

    @Test("the causes are judged in order: the first failing one decides")
    func order() throws {
        var both = try facts("oauth", token: jwt(#"{"exp":\#(Int(Self.now.timeIntervalSince1970) - 60),"aud":"https://other.example"}"#))
        both.credentialError = nil
        let result = judged(both)
        #expect(result.failed.contains("token-expired") && result.failed.contains("audience-mismatch"))
        #expect(result.remedy == .refresh, "an expired token is named before its audience")
        #expect(TriageJudge.causes.map(\.check).first == .credentialUnavailable)
        #expect(Set(TriageJudge.causes.map(\.check)).count == TriageJudge.causes.count)
    }
}
