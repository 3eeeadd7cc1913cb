import Foundation
import MCPDashCore

/// What the dashboard does with an effect's report: the servers read, a health check's
/// results, an operation finished, the journal, a theme, the agent's status, a config read again.
enum ResultReducer {
    /// Applies the result `action` (one of the actions effects send back).
    static func apply(_ action: Action, _ state: inout AppState) -> [Effect] {
        switch action {
        case .loaded(let servers):
            state.servers = servers
            if let name = state.selectedName, !servers.contains(where: { $0.name == name }) { state.selectedName = nil }
            if state.selectedName == nil { state.selectedName = state.selected?.name }
            if state.lastHealthCheck == nil {
                state.lastHealthCheck = state.now
                return [Scheduler.check([], &state)]
            }
            return []
        case .healthChecked(let reports, let round):
            for report in reports {
                // A check that started before the credential changed says nothing about it.
                if round < state.freshFromRound[report.server] ?? 0 { continue }
                state.health[report.server] = report
                if state.busy[report.server] == .check { state.busy[report.server] = nil }
            }
            return [.reload]
        case .started(let server, let operation):
            state.busy[server] = operation
            return []
        case .whoamiFinished(let server, let report, let error):
            state.busy[server] = nil
            if let report {
                state.whoami[server] = report
                state.health[server] = nil
                state.message = ("\(server): \(report.identity.map { Reducer.identityLine($0) } ?? "no whoami tool") (\(Int(report.latencyMilliseconds)) ms)", false)
            } else {
                state.message = ("\(server): \(error ?? "whoami failed")", true)
            }
            return [.reload]
        case .triaged(let report):
            state.busy[report.server] = nil
            state.triage = report
            return []
        case .loginProgress(let server, let event):
            if case .browser(let program) = event {
                state.message = (program.map { "\(server): browser started (\($0))" } ?? "\(server): no browser found; open the URL yourself", program == nil)
            } else if case .login(let open, _) = state.overlay, open == server {
                state.overlay = .login(server: server, event: event)
            }
            return []
        case .finished(let server, let operation, let message, let failed):
            return finished(server, operation, message: message, failed: failed, &state)
        case .eventsLoaded(let events):
            state.events = events
            return []
        case .revealed(let server, let value):
            state.revealed = (server, value)
            return []
        case .themeLoaded(let theme, let message):
            if let theme { state.themeName = theme.name }
            if let message { state.message = (message, theme == nil) }
            return []
        case .agentLoaded(let status):
            let acted = status?.lastActionAt != nil && status?.lastActionAt != state.agent?.lastActionAt
            state.agent = status
            // The agent renewed or checked something: show its tokens and expiries.
            return acted ? [.reload] : []
        case .configReloaded(let config, let problem):
            return configReloaded(config, problem: problem, &state)
        case .key, .tick, .resize, .click, .scroll, .configChanged:
            return []
        }
    }

    /// An operation ended: its message, a login that follows a logout, and a fresh health check
    /// when the credential changed.
    private static func finished(_ server: String?, _ operation: OperationKind, message: String, failed: Bool,
                                 _ state: inout AppState) -> [Effect] {
        if let server { state.busy[server] = nil }
        if case .login(let open, _) = state.overlay, open == server { state.overlay = nil }
        state.message = (message, failed)
        if operation == .logout, let server, state.pendingLoginAfterLogout == server {
            state.pendingLoginAfterLogout = nil
            if !failed {
                state.overlay = .login(server: server, event: nil)
                return [.reload] + Reducer.started(.login(server), &state)
            }
        }
        // A changed credential makes the last health check stale: check again.
        if let server, !failed, OperationKind.changingCredentials.contains(operation) {
            state.health[server] = nil
            state.busy[server] = .check
            let recheck = Scheduler.check([server], &state)
            state.freshFromRound[server] = state.healthRound
            return [.reload, recheck]
        }
        return [.reload]
    }

    /// A config read again: its settings apply and the table is rebuilt; a broken one changes nothing.
    private static func configReloaded(_ config: MCPDashConfig?, problem: String?, _ state: inout AppState) -> [Effect] {
        guard let config else {
            state.message = ("config not reloaded, the last good one stays: \(problem ?? "it cannot be read")", true)
            return []
        }
        state.refreshMarginSeconds = config.settings.refreshMarginSeconds
        state.warnSeconds = config.settings.expiryWarningSeconds
        state.healthCheckIntervalSeconds = config.settings.healthCheckIntervalSeconds
        state.profile = config.profile
        let known = Set(state.servers.map(\.name))
        let added = config.servers.map(\.name).filter { !known.contains($0) }
        if let problem {
            state.message = ("config reloaded (\(config.servers.count) servers); \(problem)", true)
        } else {
            state.message = ("config reloaded: \(config.servers.count) server\(config.servers.count == 1 ? "" : "s")"
                             + (added.isEmpty ? "" : ", new: \(added.joined(separator: ", "))"), false)
        }
        guard !added.isEmpty else { return [.reload] }
        for name in added { state.busy[name] = .check }
        return [.reload, Scheduler.check(added, &state)]
    }
}
