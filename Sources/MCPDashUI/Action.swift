import Foundation
import MCPDashCore

/// Everything that changes the dashboard's state: keys, time, size, and results of effects.
public enum Action: Sendable {
    /// A key was pressed.
    case key(Key)
    /// A second passed.
    case tick(Date)
    /// The terminal was resized.
    case resize(Size)
    /// Fresh overviews of every server.
    case loaded([ServerOverview])
    /// The health checks of request `round` finished.
    case healthChecked([HealthReport], round: Int)
    /// An operation on a server started (so its row shows it is busy).
    case started(server: String, operation: OperationKind)
    /// A whoami finished.
    case whoamiFinished(server: String, report: WhoAmIReport?, error: String?)
    /// A triage finished.
    case triaged(TriageReport)
    /// A login reports progress.
    case loginProgress(server: String, event: LoginEvent)
    /// An operation ended, with a one-line outcome.
    case finished(server: String?, operation: OperationKind, message: String, failed: Bool)
    /// The journal was read.
    case eventsLoaded([JournalEvent])
    /// A secret to show until the next key.
    case revealed(server: String, value: String)
    /// A theme was loaded (or could not be).
    case themeLoaded(Theme?, message: String?)
    /// The refresh agent's status was read (nil: no agent ever ran here).
    case agentLoaded(AgentStatus?)
    /// A click, on what the last frame drew there (nil: on nothing in particular).
    case click(HitTarget?)
    /// The mouse wheel turned: rows up (negative) or down.
    case scroll(Int)
    /// A file the config is read from changed on disk.
    case configChanged
    /// The config was read again: the new one, or nil and why the last good one stays.
    case configReloaded(MCPDashConfig?, problem: String?)
}
