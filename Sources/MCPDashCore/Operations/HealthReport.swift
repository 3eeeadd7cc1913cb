/// The outcome of one server's health check.
public struct HealthReport: Codable, Equatable, Sendable {
    /// How the check came out.
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        /// Initialize and ping succeeded.
        case ok
        /// The server refused the credential (401/403) or none could be produced.
        case unauthorized
        /// Anything else went wrong.
        case failed
        /// The server is disabled in the config and was not contacted.
        case disabled
        /// The server's config entry could not be read; it was not contacted.
        case misconfigured
    }

    /// The server's name.
    public let server: String
    /// The server's transport; nil for an entry that could not be read.
    public let transport: TransportKind?
    /// The outcome.
    public let outcome: Outcome
    /// Initialize plus ping, in milliseconds, when the check got that far.
    public let latencyMilliseconds: Double?
    /// The HTTP status of a failure.
    public let httpStatus: Int?
    /// What the server reported (`name version`) or what went wrong.
    public let detail: String
    /// The first `WWW-Authenticate` challenge of a refusal.
    public var challenge: String? = nil
    /// Why the check failed, as the agent's metrics label it; nil when it succeeded or failed for another reason.
    public var failureReason: AuthFailureReason? = nil

    /// A report of `outcome` for `server`.
    public init(server: String, transport: TransportKind?, outcome: Outcome, latencyMilliseconds: Double?, httpStatus: Int?,
                detail: String, challenge: String? = nil) {
        self.server = server
        self.transport = transport
        self.outcome = outcome
        self.latencyMilliseconds = latencyMilliseconds
        self.httpStatus = httpStatus
        self.detail = detail
        self.challenge = challenge
    }
}

extension HealthReport {
    /// The report of an entry that could not be read: its config error, no contact made.
    public init(broken: BrokenServer) {
        self.init(server: broken.name, transport: nil, outcome: .misconfigured, latencyMilliseconds: nil, httpStatus: nil,
                  detail: broken.error.summary)
    }

    /// The scopes a 403 `insufficient_scope` asked for (a step-up login gets them); nil for any other outcome.
    public var neededScopes: [String]? {
        guard let challenge, let scopes = ScopeStepUp.insufficientScope(status: httpStatus, challenges: [challenge]), !scopes.isEmpty else {
            return nil
        }
        return scopes
    }
}
