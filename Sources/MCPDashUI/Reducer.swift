import Foundation
import MCPDashCore

/// The dashboard's logic: `reduce` turns an action into a new state and the effects to run.
/// Pure: no I/O, no clock, no terminal; the runtime runs the effects and feeds back actions.
public enum Reducer {
    /// Seconds before the same server is refreshed automatically again.
    public static let autoRefreshBackoff: TimeInterval = 60

    /// The effects to run when the dashboard opens: read what is known; the first health check
    /// follows once the table is on screen, so it never delays the first frame. The agent's status
    /// is read then and every `AppState.agentPollSeconds`.
    public static func start(_ state: inout AppState) -> [Effect] {
        state.agentLoadedAt = state.now
        return [.reload, .loadAgent]
    }

    /// Applies `action` to `state`; returns the effects to run.
    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .key(let key):
            return press(key, &state)
        case .tick(let now):
            state.now = now
            if let shown = state.messageShownAt, now.timeIntervalSince(shown) >= AppState.messageLifetime { state.message = nil }
            return due(&state)
        case .resize(let size):
            state.size = size
            return []
        case .loaded(let servers):
            state.servers = servers
            if let name = state.selectedName, !servers.contains(where: { $0.name == name }) { state.selectedName = nil }
            if state.selectedName == nil { state.selectedName = state.visibleServers.first?.name }
            if state.lastHealthCheck == nil {
                state.lastHealthCheck = state.now
                return [check([], &state)]
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
                state.message = ("\(server): \(report.identity.map { identityLine($0) } ?? "no whoami tool") (\(Int(report.latencyMilliseconds)) ms)", false)
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
            if let server { state.busy[server] = nil }
            if case .login(let open, _) = state.overlay, open == server { state.overlay = nil }
            state.message = (message, failed)
            if operation == .logout, let server, state.pendingLoginAfterLogout == server {
                state.pendingLoginAfterLogout = nil
                if !failed {
                    state.overlay = .login(server: server, event: nil)
                    return [.reload] + started(.login(server), &state)
                }
            }
            // A changed credential makes the last health check stale: check again.
            if let server, !failed, OperationKind.changingCredentials.contains(operation) {
                state.health[server] = nil
                state.busy[server] = .check
                let recheck = check([server], &state)
                state.freshFromRound[server] = state.healthRound
                return [.reload, recheck]
            }
            return [.reload]
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
        case .click(let target):
            return click(target, &state)
        case .scroll(let rows):
            return scroll(rows, &state)
        case .configChanged:
            return [.reloadConfig]
        case .configReloaded(let config, let problem):
            return configReloaded(config, problem: problem, &state)
        }
    }

    /// A numbered health-check request of `servers` (all when empty).
    private static func check(_ servers: [String], _ state: inout AppState) -> Effect {
        state.healthRound += 1
        return .checkHealth(servers, round: state.healthRound)
    }

    // MARK: - Time

    /// Automatic work that has come due: a health check of everything, and refreshes.
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

    // MARK: - Keys

    private static func press(_ key: Key, _ state: inout AppState) -> [Effect] {
        if key == .character("y"), state.overlay == nil, let revealed = state.revealed {
            state.revealed = nil
            return copy(revealed.value, what: "\(revealed.server)'s token", &state)
        }
        state.revealed = nil
        if let overlay = state.overlay { return overlayKey(key, overlay, &state) }
        if state.editingFilter { return filterKey(key, &state) }
        guard let command = Keymap.command(for: key, on: state.screen) else {
            if case .character(let character) = key, character != " " {
                state.message = ("\(key.label) does nothing here; ? lists the keys", false)
            }
            return []
        }
        return perform(command, &state)
    }

    private static func filterKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        if state.screen == .events { return eventsFilterKey(key, &state) }
        switch key {
        case .character(let character): state.filter.append(character)
        case .backspace: if !state.filter.isEmpty { state.filter.removeLast() }
        case .escape: state.filter = ""; state.editingFilter = false
        case .enter: state.editingFilter = false
        default: break
        }
        state.selectedName = state.visibleServers.first?.name
        return []
    }

    private static func overlayKey(_ key: Key, _ overlay: Overlay, _ state: inout AppState) -> [Effect] {
        switch overlay {
        case .confirm(_, let effect):
            state.overlay = nil
            if key == .character("y") || key == .character("Y") { return started(effect, &state) }
            state.message = ("cancelled", false)
            return []
        case .command(let typed):
            return commandLineKey(key, typed: typed, &state)
        case .event(let event):
            switch key {
            case .character("y"): return copy(event.message, what: "the event's message", &state)
            case .escape, .enter, .character("q"): state.overlay = nil
            default: break
            }
            return []
        case .rotate(let server, let field, let typed):
            switch key {
            case .character(let character): state.overlay = .rotate(server: server, field: field, typed: typed + String(character))
            case .backspace: state.overlay = .rotate(server: server, field: field, typed: String(typed.dropLast()))
            case .escape: state.overlay = nil; state.message = ("rotation cancelled; nothing changed", false)
            case .enter:
                guard !typed.isEmpty else { state.message = ("type the new value first", true); return [] }
                state.overlay = nil
                return started(.rotate(server: server, field: field, value: typed), &state)
            default: break
            }
            return []
        case .login(let server, let event):
            if key == .character("y") {
                switch event {
                case .authorize(let url, _, _)?: return copy(url, what: "the login URL", &state)
                case .deviceCode(let code, let uri, let complete, _)?:
                    return copy(complete ?? uri, what: complete == nil ? "the verification URL (the code is \(code))" : "the verification URL", &state)
                default:
                    state.message = ("nothing to copy yet", false)
                    return []
                }
            }
            if key == .escape || key == .control("c") {
                state.overlay = nil
                state.message = ("\(server): login cancelled", false)
                return [.cancel(server)]
            }
            return []
        }
    }

    // MARK: - Commands

    static func perform(_ command: Command, _ state: inout AppState) -> [Effect] {
        let rows = state.visibleServers
        let index = rows.firstIndex { $0.name == state.selected?.name } ?? 0
        let page = max(1, state.size.height - 6)
        let onTable = state.screen == .servers || state.screen == .detail
        switch command {
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            let step = switch command {
            case .moveUp: -1
            case .moveDown: 1
            case .pageUp: -page
            case .pageDown: page
            case .top: -100_000
            default: 100_000
            }
            if onTable {
                guard !rows.isEmpty else { return [] }
                state.selectedName = rows[min(max(0, index + step), rows.count - 1)].name
                return state.screen == .detail ? detailEvents(&state) : []
            } else if state.screen == .events {
                state.eventIndex = min(max(0, state.eventIndex + step), max(0, state.visibleEvents.count - 1))
            } else {
                state.scroll = max(0, state.scroll + step)
            }
            return []
        case .openDetail:
            state.screen = state.screen == .detail ? .servers : .detail
            return state.screen == .detail ? detailEvents(&state) : []
        case .back:
            if let name = state.selected?.name, state.busy[name] != nil, onTable {
                state.busy[name] = nil
                state.message = ("\(name): cancelled", false)
                return [.cancel(name)]
            }
            state.screen = state.screen == .help ? state.previousScreen : .servers
            state.scroll = 0
            return []
        case .help:
            if state.screen == .help { state.screen = state.previousScreen } else { state.previousScreen = state.screen; state.screen = .help }
            state.scroll = 0
            return []
        case .quit:
            return [.quit]
        case .suspend:
            return [.suspend]
        case .expand:
            let events = state.visibleEvents
            guard events.indices.contains(state.eventIndex) else { return [] }
            state.overlay = .event(events[state.eventIndex])
            return []
        case .copy:
            return copySelection(&state)
        case .filter:
            state.editingFilter = true
            return []
        case .sort:
            state.sort = state.sort.next
            state.message = ("sorted by \(state.sort.rawValue)", false)
            return []
        case .group:
            state.grouped.toggle()
            return []
        case .checkNow:
            for server in state.servers where !server.summary.disabled { state.busy[server.name] = .check }
            state.lastHealthCheck = state.now
            state.message = ("checking \(state.servers.count) servers…", false)
            return [check([], &state)]
        case .theme:
            let names = state.themeNames
            let next = names[((names.firstIndex(of: state.themeName) ?? -1) + 1) % max(1, names.count)]
            return [.loadTheme(next)]
        case .commandLine:
            state.overlay = .command(typed: "")
            return []
        case .events:
            if state.screen == .events, state.eventsServer != nil {
                state.eventsServer = nil
            } else {
                state.eventsServer = state.screen == .events ? nil : state.selected?.name
            }
            state.screen = .events
            state.scroll = 0
            state.eventIndex = 0
            return [.loadEvents(state.eventsServer)]
        case .whoami, .diagnose, .login, .refresh, .logout, .rotate, .rollback, .reveal, .fix:
            guard let server = state.selected ?? state.servers.first(where: { $0.name == state.triage?.server }) else {
                state.message = ("no server selected", true)
                return []
            }
            if let reason = disabledReason(command, server: server, state: state) {
                state.message = (reason, true)
                return []
            }
            return serverCommand(command, server: server, &state)
        }
    }

    /// Why `command` cannot act on `server`, or nil when it can (a key that cannot act says why).
    public static func disabledReason(_ command: Command, server: ServerOverview, state: AppState) -> String? {
        let name = server.name
        if server.summary.disabled, command != .reveal { return "\(name) is disabled in the config" }
        // A health check only reads; it does not hold the server.
        if let running = state.busy[name], running != .check, [.whoami, .diagnose, .login, .refresh, .logout, .rotate, .rollback].contains(command) {
            return "\(name) is busy (\(running)); Esc cancels it"
        }
        let tokenEndpoint = server.usesTokenEndpoint
        switch command {
        case .login, .logout:
            return tokenEndpoint ? nil : "\(name) uses \(server.summary.auth) credentials: there is nothing to log in to; R rotates the secret"
        case .refresh:
            if !tokenEndpoint { return "\(name)'s \(server.summary.auth) credential does not expire; nothing to refresh" }
            return server.session == nil ? "\(name) is not logged in; l logs in" : nil
        case .rotate, .rollback:
            return server.rotatableField == nil ? "\(name) keeps no secret in the secret store to rotate" : nil
        case .reveal:
            return server.summary.transport == "stdio" ? "\(name) is a stdio server: its secrets are in its environment" : nil
        case .fix:
            return state.triage?.remedy == nil ? "triage proposes no fix" : nil
        default:
            return nil
        }
    }

    private static func serverCommand(_ command: Command, server: ServerOverview, _ state: inout AppState) -> [Effect] {
        let name = server.name
        switch command {
        case .whoami:
            return started(.whoami(name), &state)
        case .diagnose:
            state.screen = .triage
            state.triage = nil
            state.scroll = 0
            return started(.diagnose(name), &state)
        case .login:
            state.overlay = .login(server: name, event: nil)
            return started(.login(name), &state)
        case .refresh:
            return started(.refresh(name), &state)
        case .logout:
            state.overlay = .confirm(question: "Log out of \(name)? Its tokens are revoked and forgotten.",
                                     effect: .logout(name, forgetRegistration: false))
            return []
        case .rotate:
            state.overlay = .rotate(server: name, field: server.rotatableField ?? "", typed: "")
            return []
        case .rollback:
            let field = server.rotatableField ?? ""
            state.overlay = .confirm(question: "Put the previous \(field) of \(name) back?", effect: .rollback(server: name, field: field))
            return []
        case .reveal:
            state.overlay = .confirm(question: "Show \(name)'s token on screen? It is hidden again on the next key.", effect: .reveal(name))
            return []
        case .fix:
            guard let remedy = state.triage?.remedy else { return [] }
            return fix(remedy, server: name, &state)
        default:
            return []
        }
    }

    /// The selected server's journal, for the detail pane's recent errors.
    private static func detailEvents(_ state: inout AppState) -> [Effect] {
        guard let name = state.selected?.name else { return [] }
        state.eventsServer = name
        return [.loadEvents(name)]
    }

    /// Marks the server busy for effects that run on it, then returns the effect.
    private static func started(_ effect: Effect, _ state: inout AppState) -> [Effect] {
        switch effect {
        case .whoami(let name): state.busy[name] = .whoami
        case .diagnose(let name): state.busy[name] = .diagnose
        case .login(let name): state.busy[name] = .login
        case .refresh(let name): state.busy[name] = .refresh
        case .logout(let name, _): state.busy[name] = .logout
        case .rotate(let name, _, _), .rollback(let name, _): state.busy[name] = .rotate
        default: break
        }
        return [effect]
    }

    /// What `f` does for each fix triage can propose.
    private static func fix(_ remedy: TriageFix, server: String, _ state: inout AppState) -> [Effect] {
        switch remedy {
        case .forgetRegistrationThenLogin, .forgetTokensThenLogin:
            let registration = remedy == .forgetRegistrationThenLogin
            state.overlay = .confirm(question: registration ? "Forget \(server)'s client registration and log in again?"
                                                            : "Forget \(server)'s tokens (revoking them) and log in again?",
                                     effect: .logout(server, forgetRegistration: registration))
            state.pendingLoginAfterLogout = server
            return []
        case .login, .stepUp:
            state.screen = .servers
            state.overlay = .login(server: server, event: nil)
            return started(.login(server), &state)
        case .refresh:
            return started(.refresh(server), &state)
        case .rotate:
            guard let row = state.servers.first(where: { $0.name == server }), let field = row.rotatableField else {
                state.message = ("\(server) keeps no secret in the secret store to rotate", true)
                return []
            }
            state.overlay = .rotate(server: server, field: field, typed: "")
            return []
        case .setVariable:
            state.message = ("opening the .env file beside the config; the dashboard reads it again when you save", false)
            return [.editConfig(dotEnv: true)]
        case .editConfig:
            state.message = ("opening the config; the dashboard reads it again when you save", false)
            return [.editConfig(dotEnv: false)]
        case .checkStatus:
            state.screen = .servers
            state.busy[server] = .check
            return [check([server], &state)]
        case .readEvents:
            state.eventsServer = server
            state.screen = .events
            state.eventIndex = 0
            return [.loadEvents(server)]
        case .reportToOperator:
            state.message = ("nothing to run here: \(remedy.commandLine(server: server)); y copies the verdict's fix", false)
            return []
        }
    }

    /// The `:` command line: the CLI's verbs.
    static func commandLine(_ text: String, _ state: inout AppState) -> [Effect] {
        let words = text.split(separator: " ").map(String.init)
        guard let verb = words.first else { return [] }
        let argument = words.dropFirst().first
        if ["q", "quit", "exit"].contains(verb) { return [.quit] }
        if verb == "theme", let argument { return [.loadTheme(argument)] }
        if verb == "events" {
            state.eventsServer = argument
            state.screen = .events
            state.eventIndex = 0
            return [.loadEvents(argument)]
        }
        if verb == "use" {
            guard words.count == 3, state.servers.contains(where: { $0.name == words[1] }) else {
                state.message = ("use NAME ACCOUNT: makes ACCOUNT the server's active account", true)
                return []
            }
            return [.useAccount(server: words[1], account: words[2])]
        }
        if verb == "status" || verb == "check" {
            return [check(argument.map { [$0] } ?? [], &state)]
        }
        let verbs: [String: Command] = ["whoami": .whoami, "diagnose": .diagnose, "login": .login, "refresh": .refresh,
                                        "logout": .logout, "rotate": .rotate]
        guard let command = verbs[verb] else {
            state.message = ("unknown command \"\(verb)\"; try \(CommandCompletion.verbs.joined(separator: ", ")) (Tab completes)", true)
            return []
        }
        guard let name = argument ?? state.selected?.name, let server = state.servers.first(where: { $0.name == name }) else {
            state.message = ("no server named \"\(argument ?? "")\"", true)
            return []
        }
        state.selectedName = server.name
        if let reason = disabledReason(command, server: server, state: state) {
            state.message = (reason, true)
            return []
        }
        return serverCommand(command, server: server, &state)
    }

    /// The first line of a whoami answer, shortened for the status bar.
    static func identityLine(_ identity: String) -> String {
        let line = identity.split(separator: "\n").first.map(String.init) ?? identity
        return line.count > 120 ? String(line.prefix(119)) + "…" : line
    }
}
