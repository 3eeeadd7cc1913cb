import Foundation
import GRDB

/// What the refresh agent tells the other faces about itself: whether it runs, since when, and its last action.
///
/// One row in the state database, written by `mcpdash agent` at start, every few seconds
/// (the heartbeat), after each action and at a clean stop. An agent killed without a chance to
/// say so stops counting as running once its heartbeat is `staleAfter` seconds old.
public struct AgentStatus: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    /// Dates as `StoredDate` writes them: GRDB's text, without ICU.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredDate.encoding }
    /// Dates as `StoredDate` reads them: by arithmetic, without ICU.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredDate.decoding }

    public static let databaseTableName = "agent_status"

    /// The row's key; there is one agent per state database.
    public var id: Int = 1
    /// The agent's process id.
    public var pid: Int32
    /// When it started.
    public var startedAt: Date
    /// Its latest heartbeat.
    public var heartbeatAt: Date
    /// Its latest action, as logged (redacted).
    public var lastAction: String?
    /// When that action happened.
    public var lastActionAt: Date?
    /// Where it serves `/metrics`, when it does.
    public var metricsAddress: String?
    /// When it stopped cleanly; nil while it runs (or when it died without stopping).
    public var stoppedAt: Date?

    /// Seconds between heartbeats.
    public static let heartbeatInterval: TimeInterval = 5
    /// A heartbeat older than this means the agent is gone.
    public static let staleAfter: TimeInterval = 15

    /// A status for the agent `pid` starting at `now`.
    public init(pid: Int32, startedAt: Date, metricsAddress: String?) {
        self.pid = pid
        self.startedAt = startedAt
        self.heartbeatAt = startedAt
        self.metricsAddress = metricsAddress
    }

    /// Whether the agent runs at `now`: not stopped, and its heartbeat is fresh.
    public func isRunning(now: Date) -> Bool {
        stoppedAt == nil && now.timeIntervalSince(heartbeatAt) < Self.staleAfter
    }

    /// One line for `list` and the dashboard: `running (pid 4242) for 2h03m; last: refreshed gekkovet 12s ago`.
    public func summary(now: Date) -> String {
        let state: String
        if isRunning(now: now) {
            state = "running (pid \(pid)) for \(ExpiryText.duration(Int(now.timeIntervalSince(startedAt))))"
                + (metricsAddress.map { ", metrics on \($0)" } ?? "")
        } else if let stoppedAt {
            state = "stopped \(ExpiryText.duration(Int(now.timeIntervalSince(stoppedAt)))) ago"
        } else {
            state = "not running (pid \(pid) stopped answering \(ExpiryText.duration(Int(now.timeIntervalSince(heartbeatAt)))) ago)"
        }
        guard let lastAction, let lastActionAt else { return state }
        return state + "; last: \(lastAction) \(ExpiryText.duration(Int(now.timeIntervalSince(lastActionAt)))) ago"
    }
}
