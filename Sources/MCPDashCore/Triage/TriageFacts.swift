import Foundation

/// Everything triage gathered about one server before judging: the probe's answer, the
/// discovery chain, the credential as sent and as stored, and the journal's last grant.
///
/// `Triage.diagnose` gathers these (all the I/O); `TriageJudge.judge` turns them into a report
/// without any.
struct TriageFacts {
    /// The server's config entry.
    var server: ServerConfig
    /// The request made, and what came back.
    var probe: TriageReport.Probe
    /// The probe's `WWW-Authenticate`, parsed.
    var challenges: WWWAuthenticateParser.Result
    /// The discovery chain replayed (empty when nothing asked for it).
    var discovery = DiscoveryReplay.Outcome()
    /// Why the configured credential could not be produced, when it could not.
    var credentialError: String?
    /// Whether the probe carried a credential.
    var sendsCredential: Bool
    /// The `Authorization` header sent, when one was.
    var authorization: String?
    /// The claims of the token sent, when it is a JWT.
    var claims: TokenClaims?
    /// The session mcpdash keeps for the server, when there is one.
    var stored: TokenMetadata?
    /// The latest login or refresh in the journal, when it failed.
    var lastGrantFailure: JournalEvent?
    /// This machine's clock when the probe was made.
    var now: Date

    /// Whether the server refused (401 or 403).
    var refused: Bool { [401, 403].contains(probe.status ?? 0) }
}
