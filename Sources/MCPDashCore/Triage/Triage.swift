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
        _ = try? journal?.append(JournalEvent(server: server.name, account: account, operation: .diagnose, outcome: report.failed ? .failure : .success,
                                              httpStatus: report.probe.status, challenge: report.probe.challenges.first, message: report.verdict))
        return report
    }

    // MARK: - Gathering the facts

    /// Makes the probe, replays discovery and reads the credential and the journal: all of
    /// triage's I/O. `TriageJudge` does the rest.
    private static func build(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, journal: StateDatabase?,
                              now: Date, minter: SelfSignedJWTMinter, account: String) async -> TriageReport {
        guard let endpointText = server.transport.endpoint?.url, let endpoint = URL(string: endpointText) else {
            return TriageReport(server: server.name, authMethod: server.authLabel,
                                probe: .init(url: server.transport.kind.rawValue, status: nil, sentCredential: false, serverDate: nil, challenges: [],
                                             error: "a stdio server has no HTTP endpoint"),
                                challenges: [], headerProblems: [], discovery: [], checks: [],
                                verdict: "\(server.name) is a stdio server: it takes its credentials from its environment, not from an HTTP challenge.",
                                remedy: .checkStatus)
        }
        // The credential, as the client would send it.
        let resolver = SecretResolver(store: stores.store(for: server, in: config), environment: config.environment, server: server.name,
                                      account: account)
        let credentials = RequestCredentials(server: server, resolver: resolver, minter: minter)
        var headers: [(String, String)] = []
        var credentialError: String? = nil
        do {
            headers = try await credentials.headers(body: ProbeResult.initializeBody)
        } catch {
            credentialError = (error as? MCPTransportError)?.message ?? "\(error)"
        }
        let sendsCredential = credentials.sendsCredentials && credentialError == nil
        let probe = await ProbeResult.send(server: server, endpoint: endpoint, headers: sendsCredential ? headers : [])
        let authorization = headers.first { $0.0.lowercased() == "authorization" }?.1
        let token = authorization.flatMap { $0.split(separator: " " as Character).last.map(String.init) }
        var facts = TriageFacts(server: server, probe: probe, challenges: WWWAuthenticateParser.parse(probe.challenges),
                                credentialError: credentialError, sendsCredential: sendsCredential, authorization: authorization,
                                claims: await token.asyncFlatMap { await TokenClaims.decode($0) },
                                stored: try? journal?.tokenMetadata(server: server.name, account: account),
                                lastGrantFailure: lastGrantFailure(server: server.name, journal: journal), now: now)
        // Discovery, when the server asks for authorization or the method depends on it.
        if facts.refused || server.auth.hasExpiringToken {
            facts.discovery = await DiscoveryReplay.run(endpoint: endpoint, challengeMetadataURL: facts.challenges.first(scheme: "Bearer")?.resourceMetadata)
        }
        return TriageJudge.judge(facts)
    }

    /// The latest login or refresh in the journal, when it failed (a later success clears it).
    private static func lastGrantFailure(server: String, journal: StateDatabase?) -> JournalEvent? {
        let latest = (try? journal?.events(server: server, limit: 200))?.first { [OperationKind.login, .refresh].contains($0.operation) && $0.outcome != .info }
        return latest?.outcome == .failure ? latest : nil
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
