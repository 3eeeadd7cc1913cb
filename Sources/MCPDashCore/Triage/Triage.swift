import AsyncHTTPClient
import Foundation
import NIOCore

/// `mcpdash diagnose NAME`: why does this server refuse me?
///
/// Makes the request a client would (an MCP initialize, with the configured credential), reads
/// the status, `WWW-Authenticate` and `Date`, replays discovery, inspects the credential
/// locally (JWT claims, stored expiry), and names the cause with a fix.
public enum Triage {
    /// The clock difference beyond which tokens are judged by the server's clock and a warning is shown.
    public static let skewTolerance: TimeInterval = 60

    /// Diagnoses `server`; the verdict is journaled when a database is given.
    public static func diagnose(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, journal: StateDatabase?,
                                now: Date = Date(), minter: SelfSignedJWTMinter = SelfSignedJWTMinter(), account: String? = nil) async -> TriageReport {
        let account = Accounts.resolve(account, server: server.name, database: journal)
        let report = await build(server, config: config, stores: stores, journal: journal, now: now, minter: minter, account: account)
        let failed = report.checks.contains { $0.status == "failure" }
        _ = try? journal?.append(JournalEvent(server: server.name, account: account, operation: "diagnose", outcome: failed ? .failure : .success,
                                              httpStatus: report.probe.status, challenge: report.probe.challenges.first, message: report.verdict))
        return report
    }

    // MARK: - Building the report

    private static func build(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, journal: StateDatabase?,
                              now: Date, minter: SelfSignedJWTMinter, account: String) async -> TriageReport {
        var checks = CheckList()
        guard let endpointText = server.transport.endpoint?.url, let endpoint = URL(string: endpointText) else {
            return TriageReport(server: server.name, authMethod: server.authLabel,
                                probe: .init(url: server.transport.kindName, status: nil, sentCredential: false, serverDate: nil, challenges: [],
                                             error: "a stdio server has no HTTP endpoint"),
                                challenges: [], headerProblems: [], discovery: [], checks: [],
                                verdict: "\(server.name) is a stdio server: it takes its credentials from its environment, not from an HTTP challenge.",
                                fix: "mcpdash status \(server.name)")
        }
        // The credential, as the client would send it.
        let resolver = SecretResolver(store: stores.store(for: server, in: config), environment: config.environment, server: server.name,
                                      account: account)
        let credentials = RequestCredentials(server: server, resolver: resolver, minter: minter)
        var headers: [(String, String)] = []
        var credentialError: String? = nil
        do {
            headers = try await credentials.headers(body: Self.initializeBody)
        } catch {
            credentialError = (error as? MCPTransportError)?.message ?? "\(error)"
        }
        let sendsCredential = credentials.sendsCredentials && credentialError == nil
        if let credentialError {
            checks.fail("credential-unavailable", "the configured credential cannot be produced: \(credentialError)")
        }
        // The probe.
        let probe = await probe(server: server, endpoint: endpoint, headers: sendsCredential ? headers : [])
        let parsed = WWWAuthenticateParser.parse(probe.challenges)
        let refused = [401, 403].contains(probe.status ?? 0)
        // Discovery, when the server asks for authorization or the method depends on it.
        var discovery = DiscoveryReplay.Outcome()
        if refused || server.auth.hasExpiringToken {
            discovery = await DiscoveryReplay.run(endpoint: endpoint, challengeMetadataURL: parsed.first(scheme: "Bearer")?.resourceMetadata)
        }
        // The server's clock.
        let serverNow = probe.serverDate.flatMap(parseHTTPDate)
        let skew = serverNow.map { now.timeIntervalSince($0) }
        if let skew, abs(skew) > skewTolerance {
            checks.warn("clock-skew", "this machine's clock is \(ExpiryText.duration(Int(skew))) \(skew > 0 ? "ahead of" : "behind") the server's (Date: \(probe.serverDate ?? ""))")
        } else if skew != nil {
            checks.pass("clock-skew", "clocks agree within \(Int(skewTolerance)) s")
        }
        let reference = (skew.map { abs($0) > skewTolerance } ?? false) ? serverNow! : now
        // The credential's own content.
        let authorization = headers.first { $0.0.lowercased() == "authorization" }?.1
        let token = authorization.flatMap { $0.split(separator: " ").last.map(String.init) }
        let claims = await token.asyncFlatMap { await TokenClaims.decode($0) }
        let stored = try? journal?.tokenMetadata(server: server.name, account: account)
        checkHeader(parsed, authorization: authorization, sendsCredential: sendsCredential, refused: refused, checks: &checks)
        if case .none = server.auth, refused, server.secretFields.isEmpty {
            checks.fail("server-wants-auth", "the server answers \(probe.status!) but the config has no auth for it")
        }
        if let reason = stored?.loginRequired {
            checks.fail("login-required", "the authorization server no longer honours the session: \(reason)")
        }
        if let failure = lastGrantFailure(server: server.name, journal: journal), failure.message.contains("invalid_client") {
            checks.fail("stale-registration", "the authorization server no longer knows this client (\(failure.operation) failed with invalid_client)")
        }
        if let expiry = claims?.expiresAt ?? stored?.expiresAt {
            if expiry <= reference {
                checks.fail("token-expired", "the token \(ExpiryText.describe(expiry, now: reference))" + (claims?.expiresAt != nil ? " (JWT exp)" : " (stored expiry)"))
            } else {
                checks.pass("token-expired", "the token \(ExpiryText.describe(expiry, now: reference))")
            }
        }
        if let claims, !claims.audience.isEmpty {
            let resource = discovery.resource ?? endpointText
            if claims.audienceNamesServer(resource: discovery.resource, endpoint: endpointText) {
                checks.pass("audience", "aud names this server")
            } else {
                checks.fail("audience-mismatch", "aud is \(claims.audience.joined(separator: ", ")) but this server is \(resource)")
            }
        }
        if let issuer = claims?.issuer, !discovery.authorizationServers.isEmpty {
            if discovery.authorizationServers.contains(issuer) {
                checks.pass("issuer", "iss \(issuer) is an authorization server of this resource")
            } else {
                checks.fail("issuer-mismatch", "iss is \(issuer) but the server trusts \(discovery.authorizationServers.joined(separator: ", "))")
            }
        }
        for issuer in discovery.issuerMismatches {
            checks.fail("metadata-issuer-mismatch", "the metadata of \(issuer) names another issuer; a client must refuse it")
        }
        let challenged = Set(parsed.challenges.filter { $0.isScheme("Bearer") }.flatMap(\.scopes))
        if let granted = claims.map({ Set($0.scopes) }) ?? stored?.scopes.map({ Set($0.split(separator: " ").map(String.init)) }), !challenged.isEmpty {
            let missing = challenged.subtracting(granted)
            if missing.isEmpty {
                checks.pass("scope", "the token has the challenged scopes")
            } else {
                checks.fail("scope-missing", "the server wants \(missing.sorted().joined(separator: " ")), the token has \(granted.sorted().joined(separator: " "))")
            }
        }
        if refused, sendsCredential, !checks.hasFailure, parsed.problems.isEmpty {
            checks.fail("rejected-though-valid", "the server refuses a credential that looks valid here (revoked, or signed by a key it does not trust)")
        }
        let verdict = verdictAndFix(server: server, probe: probe, checks: checks, refused: refused)
        return TriageReport(server: server.name, authMethod: server.authLabel, probe: probe, challenges: parsed.challenges,
                            headerProblems: parsed.problems, discovery: discovery.steps, checks: checks.items,
                            verdict: verdict.0, fix: verdict.1)
    }

    /// The latest login or refresh in the journal, when it failed (a later success clears it).
    private static func lastGrantFailure(server: String, journal: StateDatabase?) -> JournalEvent? {
        let latest = (try? journal?.events(server: server, limit: 200))?.first { ["login", "refresh"].contains($0.operation) && $0.outcome != .info }
        return latest?.outcome == .failure ? latest : nil
    }

    private static func checkHeader(_ parsed: WWWAuthenticateParser.Result, authorization: String?, sendsCredential: Bool, refused: Bool,
                                    checks: inout CheckList) {
        if !parsed.problems.isEmpty {
            checks.fail("header-malformed", "the WWW-Authenticate header is malformed: \(parsed.problems.joined(separator: "; "))")
        } else if refused, parsed.challenges.isEmpty {
            checks.warn("header-missing", "the server refuses without a WWW-Authenticate challenge (RFC 9110 §15.5.2 requires one on 401)")
        }
        guard refused, sendsCredential, let authorization, !parsed.challenges.isEmpty else {
            if refused, !sendsCredential { checks.fail("no-credential-sent", "no credential was sent") }
            return
        }
        let scheme = authorization.split(separator: " ").count > 1 ? String(authorization.split(separator: " ")[0]) : ""
        if scheme.isEmpty {
            checks.warn("scheme", "the Authorization header carries a raw token with no scheme; the server challenges \(parsed.challenges.map(\.scheme).joined(separator: ", "))")
        } else if !parsed.challenges.contains(where: { $0.isScheme(scheme) }) {
            checks.fail("wrong-scheme", "the credential is sent as \(scheme) but the server challenges \(parsed.challenges.map(\.scheme).joined(separator: ", "))")
        }
    }

    /// The first failing check decides the verdict, in this order of causes.
    private static func verdictAndFix(server: ServerConfig, probe: TriageReport.Probe, checks: CheckList, refused: Bool) -> (String, String?) {
        let name = server.name
        let obtained = server.auth.usesTokenEndpoint
        let replaceCredential: String
        if obtained {
            replaceCredential = "mcpdash login \(name)"
        } else if let source = server.auth.secretFields.first?.source, case .environment(let template) = source {
            replaceCredential = "put a valid credential in \(template) (the environment or the .env file)"
        } else {
            replaceCredential = "mcpdash rotate \(name)"
        }
        for id in ["credential-unavailable", "stale-registration", "login-required", "server-wants-auth", "no-credential-sent", "token-expired", "metadata-issuer-mismatch",
                   "audience-mismatch", "issuer-mismatch", "scope-missing", "wrong-scheme", "header-malformed", "rejected-though-valid"] {
            guard let check = checks.failure(id) else { continue }
            switch id {
            case "credential-unavailable":
                return ("\(name) has no usable credential: \(check.detail.replacingOccurrences(of: "the configured credential cannot be produced: ", with: "")).", replaceCredential)
            case "stale-registration":
                return ("\(name)'s client registration is stale: its authorization server no longer knows the client id.",
                        "mcpdash logout \(name) --forget registration && mcpdash login \(name)")
            case "login-required":
                return ("\(name)'s session has ended at the authorization server (the refresh token was refused).", "mcpdash login \(name)")
            case "server-wants-auth":
                return ("\(name) requires authorization but its config sends none.", "add an auth method to \(name) in the config (docs/configuration.md), then `mcpdash login \(name)`")
            case "no-credential-sent":
                return ("\(name) refused a request that carried no credential.", replaceCredential)
            case "token-expired":
                return ("The token for \(name) has expired.", obtained ? "mcpdash refresh \(name)" : replaceCredential)
            case "metadata-issuer-mismatch":
                return ("\(name)'s authorization server publishes metadata for another issuer, so no client may trust it.", "report it to the server's operator")
            case "audience-mismatch":
                return ("The token for \(name) was issued for another resource (wrong aud).", replaceCredential)
            case "issuer-mismatch":
                return ("The token for \(name) comes from an issuer this server does not trust.", replaceCredential)
            case "scope-missing":
                return ("The token for \(name) lacks scopes the server asks for.", obtained ? "mcpdash login \(name) (step-up with the challenged scopes)" : replaceCredential)
            case "wrong-scheme":
                return ("\(name) expects another authorization scheme than the one configured.", "set auth.scheme for \(name) in the config")
            case "header-malformed":
                return ("\(name) answers with a malformed WWW-Authenticate header.", "report it to the server's operator")
            default:
                return ("\(name) refuses a token that looks valid here: it was probably revoked.",
                        obtained ? "mcpdash logout \(name) --forget tokens && mcpdash login \(name)" : replaceCredential)
            }
        }
        if let error = probe.error { return ("\(name) could not be reached: \(error).", "mcpdash status \(name)") }
        if refused { return ("\(name) refuses the request (HTTP \(probe.status!)) for a reason the checks do not explain.", "mcpdash events \(name)") }
        if checks.hasWarning { return ("\(name) accepts the credential, with warnings.", nil) }
        return ("\(name) accepts the credential (HTTP \(probe.status ?? 0)).", nil)
    }

    // MARK: - The probe

    static let initializeBody = Data(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"mcpdash-diagnose","version":"0.1.0"}}}"#.utf8)

    /// Sends the request a client would, with `headers`, and records status, challenges and `Date`.
    static func probe(server: ServerConfig, endpoint: URL, headers: [(String, String)]) async -> TriageReport.Probe {
        let sending = headers.contains { SecretNames.looksSecret($0.0) }
        if sending, let refusal = OriginPolicy.refusal(sending: endpoint, for: endpoint) {
            return .init(url: endpoint.absoluteString, status: nil, sentCredential: false, serverDate: nil, challenges: [], error: refusal)
        }
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        if case .sse = server.transport {
            request.method = .GET
            request.headers.add(name: "Accept", value: "text/event-stream")
        } else {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Accept", value: "application/json, text/event-stream")
            request.body = .bytes(ByteBuffer(bytes: initializeBody))
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        do {
            let response = try await HTTPClientProvider.client(for: server, url: request.url).execute(request, timeout: .milliseconds(Int64((server.timeoutSeconds ?? 15) * 1000)))
            let challenges = response.headers["www-authenticate"].map(SecretRedactor.shared.redact)
            return .init(url: endpoint.absoluteString, status: Int(response.status.code), sentCredential: sending,
                         serverDate: response.headers.first(name: "date"), challenges: challenges, error: nil)
        } catch {
            return .init(url: endpoint.absoluteString, status: nil, sentCredential: sending, serverDate: nil, challenges: [],
                         error: CredentialedRequester.describeConnectionFailure(error))
        }
    }

    /// Parses an HTTP-date (RFC 9110 §5.6.7, IMF-fixdate).
    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
