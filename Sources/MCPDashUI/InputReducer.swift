import Foundation
import MCPDashCore

/// Keys and the mouse outside an overlay: the keymap's commands, the filters, the selection,
/// and whether a command can act on the selected server.
enum InputReducer {
    /// A key: the revealed token's copy, an open overlay's key, the filter being typed, or the
    /// keymap's command for the screen.
    static func press(_ key: Key, _ state: inout AppState) -> [Effect] {
        if key == .character("y"), state.overlay == nil, let revealed = state.revealed {
            state.revealed = nil
            return Reducer.copy(revealed.value, what: "\(revealed.server)'s token", &state)
        }
        state.revealed = nil
        if let overlay = state.overlay { return OverlayReducer.key(key, overlay, &state) }
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
        state.selectedName = state.visibleRows.first.map { state.servers[$0].name }
        return []
    }

    // MARK: - Commands

    static func perform(_ command: Command, _ state: inout AppState) -> [Effect] {
        let rows = state.visibleRows.map { state.servers[$0].name }
        let selectedName = state.selected?.name
        let index = rows.firstIndex { $0 == selectedName } ?? 0
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
                state.selectedName = rows[min(max(0, index + step), rows.count - 1)]
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
            return [Scheduler.check([], &state)]
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
    static func disabledReason(_ command: Command, server: ServerOverview, state: AppState) -> String? {
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
            return server.summary.transport == .stdio ? "\(name) is a stdio server: its secrets are in its environment" : nil
        case .fix:
            return state.triage?.remedy == nil ? "triage proposes no fix" : nil
        default:
            return nil
        }
    }

    static func serverCommand(_ command: Command, server: ServerOverview, _ state: inout AppState) -> [Effect] {
        let name = server.name
        switch command {
        case .whoami:
            return Reducer.started(.whoami(name), &state)
        case .diagnose:
            state.screen = .triage
            state.triage = nil
            state.scroll = 0
            return Reducer.started(.diagnose(name), &state)
        case .login:
            state.overlay = .login(server: name, event: nil)
            return Reducer.started(.login(name), &state)
        case .refresh:
            return Reducer.started(.refresh(name), &state)
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
            return FixReducer.fix(remedy, server: name, &state)
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

    // MARK: - Mouse

    /// A click: select the row under it, run the hint's command, or nothing.
    static func click(_ target: HitTarget?, _ state: inout AppState) -> [Effect] {
        state.revealed = nil
        guard state.overlay == nil else { return [] }
        switch target {
        case .server(let name)?:
            if state.editingFilter { state.editingFilter = false }
            state.selectedName = name
            return state.screen == .detail ? [.loadEvents(name)] : []
        case .event(let index)?:
            state.eventIndex = index
            return []
        case .command(let command)?:
            return perform(command, &state)
        case .overlay?, nil:
            return []
        }
    }

    /// The wheel: moves the selection (or scrolls a long screen) by `rows`.
    static func scroll(_ rows: Int, _ state: inout AppState) -> [Effect] {
        guard state.overlay == nil, rows != 0 else { return [] }
        // Each step on the detail screen asks for the new row's events; only the last one counts.
        var effects: [Effect] = []
        for _ in 0..<abs(rows) { effects = perform(rows < 0 ? .moveUp : .moveDown, &state) }
        return effects
    }

    // MARK: - Clipboard

    /// `y` without an overlay: what the screen shows that one would copy.
    static func copySelection(_ state: inout AppState) -> [Effect] {
        switch state.screen {
        case .triage:
            guard let fix = state.triage?.fix else {
                state.message = ("triage proposes no command to copy", false)
                return []
            }
            return Reducer.copy(fix, what: "the fix's command line", &state)
        case .events:
            let events = state.visibleEvents
            guard events.indices.contains(state.eventIndex) else { return [] }
            return Reducer.copy(events[state.eventIndex].message, what: "the event's message", &state)
        default:
            state.message = ("v reveals the token first; y then copies it", false)
            return []
        }
    }

    // MARK: - The events view

    /// A key while `/` edits the events filter.
    static func eventsFilterKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        switch key {
        case .character(let character): state.eventsFilter.append(character)
        case .backspace: if !state.eventsFilter.isEmpty { state.eventsFilter.removeLast() }
        case .escape: state.eventsFilter = ""; state.editingFilter = false
        case .enter: state.editingFilter = false
        default: break
        }
        state.eventIndex = 0
        return []
    }
}
