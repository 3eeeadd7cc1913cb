import Foundation
import MCPDashCore

/// The dashboard's sense of time: what a tick expires and what automatic work comes due —
/// the agent's status, the periodic health check, and refreshes of tokens about to expire.
enum Scheduler {
    /// Seconds before the same server is refreshed automatically again.
    static let autoRefreshBackoff: TimeInterval = 60

    /// A tick at `now`: the clock moves, an old message goes, and due work starts.
    static func tick(_ now: Date, _ state: inout AppState) -> [Effect] {
        state.now = now
        if let shown = state.messageShownAt, now.timeIntervalSince(shown) >= AppState.messageLifetime { state.message = nil }
        return due(&state)
    }

    /// A numbered health-check request of `servers` (all when empty); results of an older
    /// round than a server's last credential change are dropped.
    static func check(_ servers: [String], _ state: inout AppState) -> Effect {
        state.healthRound += 1
        return .checkHealth(servers, round: state.healthRound)
    }

    /// Automatic work that has come due: the agent's status, a health check of everything, and refreshes.
    private static func due(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        if state.now.timeIntervalSince(state.agentLoadedAt ?? .distantPast) >= AppState.agentPollSeconds {
            state.agentLoadedAt = state.now
            effects.append(.loadAgent)
        }
        if state.now.timeIntervalSince(state.lastHealthCheck ?? .distantPast) >= TimeInterval(state.healthCheckIntervalSeconds) {
            state.lastHealthCheck = state.now
            effects.append(check([], &state))
        }
        for server in state.servers where server.renewable && state.busy[server.name] == nil && server.session?.loginRequired == nil {
            guard let expiry = server.session?.expiresAt, expiry.timeIntervalSince(state.now) <= TimeInterval(state.refreshMarginSeconds),
                  state.now.timeIntervalSince(state.autoRefreshed[server.name] ?? .distantPast) >= autoRefreshBackoff else { continue }
            state.autoRefreshed[server.name] = state.now
            state.busy[server.name] = .refresh
            effects.append(.refresh(server.name))
        }
        return effects
    }
}
