/// Why `mcpdash agent` cannot start: another agent holds the state, or the metrics address is unusable.
public struct AgentError: Error, Equatable, Sendable, UserFacingError {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// Another agent already runs for this state database.
        case alreadyRunning
        /// The agent lock file cannot be opened.
        case cannotLock
        /// The metrics address is taken by another program.
        case addressInUse
        /// The metrics address cannot be listened on (or was not understood).
        case badAddress
    }

    /// The kind of failure.
    public let kind: Kind
    /// One line.
    public let summary: String
    /// What to do.
    public let hint: String?

    /// Creates an error.
    public init(_ kind: Kind, summary: String, hint: String? = nil) {
        self.kind = kind
        self.summary = summary
        self.hint = hint
    }
}
