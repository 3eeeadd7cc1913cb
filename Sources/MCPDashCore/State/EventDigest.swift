import Foundation

/// What the dashboard needs from one server's recent journal, computed by the database
/// instead of by decoding every event.
public struct EventDigest: Equatable, Sendable {
    /// Failures per hour over the last 24 hours, oldest hour first (24 buckets).
    public var failuresByHour: [Int] = Array(repeating: 0, count: 24)
    /// The latest health check or whoami outcome.
    public var lastCheck: JournalEvent?
    /// The round trip of the latest successful whoami, in milliseconds.
    public var whoamiLatencyMilliseconds: Int?
    /// The latest failure.
    public var lastFailure: JournalEvent?

    /// Creates an empty digest.
    public init() {}
}
