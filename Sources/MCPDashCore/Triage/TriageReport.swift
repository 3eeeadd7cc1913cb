/// What `mcpdash diagnose` found: the server's answer, its challenge, the discovery chain,
/// the checks, and a one-sentence verdict with the fix.
public struct TriageReport: Codable, Equatable, Sendable {
    /// The request triage made, as the client would make it.
    public typealias Probe = ProbeResult
    /// One URL of the discovery chain, with what it answered.
    public typealias DiscoveryStep = MCPDashCore.DiscoveryStep

    /// The outcome of one check.
    public struct Check: Codable, Equatable, Sendable {
        /// How it came out.
        public let status: CheckStatus
        /// Which check it is.
        public let id: CheckID
        /// What was found.
        public let detail: String
    }

    /// The server's name.
    public let server: String
    /// The auth method configured.
    public let authMethod: String
    /// The probe request.
    public let probe: Probe
    /// The parsed challenges.
    public let challenges: [WWWAuthenticateChallenge]
    /// Problems in the header's syntax.
    public let headerProblems: [String]
    /// The discovery chain replayed.
    public let discovery: [DiscoveryStep]
    /// The checks.
    public let checks: [Check]
    /// The cause, in one sentence.
    public let verdict: String
    /// The fix, as a command line or an instruction (`remedy` in words).
    public let fix: String?
    /// The fix, typed: what the dashboard's `f` performs.
    public let remedy: TriageFix?

    /// Whether the diagnosis found a problem: a failing check, or no answer at all (the one
    /// rule for `diagnose`'s exit status, the journal's outcome and the dashboard).
    public var failed: Bool { checks.contains { $0.status == .failure } || probe.status == nil }

    /// Creates a report; `fix` is `remedy` in words.
    public init(server: String, authMethod: String, probe: Probe, challenges: [WWWAuthenticateChallenge], headerProblems: [String],
                discovery: [DiscoveryStep], checks: [Check], verdict: String, remedy: TriageFix?) {
        self.server = server
        self.authMethod = authMethod
        self.probe = probe
        self.challenges = challenges
        self.headerProblems = headerProblems
        self.discovery = discovery
        self.checks = checks
        self.verdict = verdict
        self.remedy = remedy
        self.fix = remedy?.commandLine(server: server)
    }
}
