import Foundation
import MCPDashCore

/// The reducer's handling of the mouse, the clipboard, the `:` line's editing (completion and
/// history), the events view's filter, and config reloads.
extension Reducer {
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

    /// Copies `text` and says what was copied.
    static func copy(_ text: String, what: String, _ state: inout AppState) -> [Effect] {
        state.message = ("copied \(what) to the clipboard", false)
        return [.copy(text)]
    }

    /// `y` without an overlay: what the screen shows that one would copy.
    static func copySelection(_ state: inout AppState) -> [Effect] {
        switch state.screen {
        case .triage:
            guard let fix = state.triage?.fix else {
                state.message = ("triage proposes no command to copy", false)
                return []
            }
            return copy(fix, what: "the fix's command line", &state)
        case .events:
            let events = state.visibleEvents
            guard events.indices.contains(state.eventIndex) else { return [] }
            return copy(events[state.eventIndex].message, what: "the event's message", &state)
        default:
            state.message = ("v reveals the token first; y then copies it", false)
            return []
        }
    }

    // MARK: - The command line

    /// A key on the `:` line: typing, Tab completion, ↑/↓ through the history, Enter to run.
    static func commandLineKey(_ key: Key, typed: String, _ state: inout AppState) -> [Effect] {
        switch key {
        case .character(let character):
            state.overlay = .command(typed: typed + String(character))
            state.completions = []
        case .backspace:
            state.overlay = typed.isEmpty ? nil : .command(typed: String(typed.dropLast()))
            state.completions = []
        case .tab:
            let (text, candidates) = CommandCompletion.complete(typed, servers: state.servers.map(\.name), themes: state.themeNames)
            state.overlay = .command(typed: text)
            state.completions = candidates
        case .up, .down:
            let history = state.commandHistory
            guard !history.isEmpty else { return [] }
            let position = state.historyPosition ?? history.count
            let next = key == .up ? max(0, position - 1) : position + 1
            if next >= history.count {
                state.historyPosition = nil
                state.overlay = .command(typed: "")
            } else {
                state.historyPosition = next
                state.overlay = .command(typed: history[next])
            }
        case .escape:
            state.overlay = nil
            state.historyPosition = nil
            state.completions = []
        case .enter:
            state.overlay = nil
            state.historyPosition = nil
            state.completions = []
            state.commandHistory = CommandCompletion.remember(typed, in: state.commandHistory, limit: AppState.historyLimit)
            return commandLine(typed, &state)
        default:
            break
        }
        return []
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

    // MARK: - Config reloads

    /// A config read again: its settings apply and the table is rebuilt; a broken one changes nothing.
    static func configReloaded(_ config: MCPDashConfig?, problem: String?, _ state: inout AppState) -> [Effect] {
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
        state.healthRound += 1
        return [.reload, .checkHealth(added, round: state.healthRound)]
    }
}
