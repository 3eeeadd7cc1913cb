import Foundation
import MCPDashCore

/// Keys while an overlay is open: one sub-reducer per overlay — a confirmation, the `:` line,
/// an event's full text, a rotation's masked input, a login in progress.
enum OverlayReducer {
    /// Routes `key` to the open overlay's sub-reducer.
    static func key(_ key: Key, _ overlay: Overlay, _ state: inout AppState) -> [Effect] {
        switch overlay {
        case .confirm(_, let effect): confirm(key, effect, &state)
        case .command(let typed): commandLine(key, typed: typed, &state)
        case .event(let shown): event(key, shown, &state)
        case .rotate(let server, let field, let typed): rotate(key, server: server, field: field, typed: typed, &state)
        case .login(let server, let event): login(key, server: server, event: event, &state)
        }
    }

    /// A yes/no question: `y` runs the effect, anything else cancels.
    static func confirm(_ key: Key, _ effect: Effect, _ state: inout AppState) -> [Effect] {
        state.overlay = nil
        if key == .character("y") || key == .character("Y") { return Reducer.started(effect, &state) }
        state.message = ("cancelled", false)
        return []
    }

    /// An event's full text: `y` copies it; Esc, Enter or `q` closes.
    static func event(_ key: Key, _ event: JournalEvent, _ state: inout AppState) -> [Effect] {
        switch key {
        case .character("y"): return Reducer.copy(event.message, what: "the event's message", &state)
        case .escape, .enter, .character("q"): state.overlay = nil
        default: break
        }
        return []
    }

    /// The new value of a rotation, typed unseen: Enter rotates, Esc cancels.
    static func rotate(_ key: Key, server: String, field: String, typed: String, _ state: inout AppState) -> [Effect] {
        switch key {
        case .character(let character): state.overlay = .rotate(server: server, field: field, typed: typed + String(character))
        case .backspace: state.overlay = .rotate(server: server, field: field, typed: String(typed.dropLast()))
        case .escape: state.overlay = nil; state.message = ("rotation cancelled; nothing changed", false)
        case .enter:
            guard !typed.isEmpty else { state.message = ("type the new value first", true); return [] }
            state.overlay = nil
            return Reducer.started(.rotate(server: server, field: field, value: typed), &state)
        default: break
        }
        return []
    }

    /// A login in progress: `y` copies its URL, Esc or Ctrl-C cancels it.
    static func login(_ key: Key, server: String, event: LoginEvent?, _ state: inout AppState) -> [Effect] {
        if key == .character("y") {
            switch event {
            case .authorize(let url, _, _)?: return Reducer.copy(url, what: "the login URL", &state)
            case .deviceCode(let code, let uri, let complete, _)?:
                return Reducer.copy(complete ?? uri, what: complete == nil ? "the verification URL (the code is \(code))" : "the verification URL", &state)
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

    // MARK: - The command line

    /// A key on the `:` line: typing, Tab completion, ↑/↓ through the history, Enter to run.
    static func commandLine(_ key: Key, typed: String, _ state: inout AppState) -> [Effect] {
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
            return run(CommandLineRequest(parsing: typed), &state)
        default:
            break
        }
        return []
    }

    /// Does what a parsed `:` line asks, against the servers there are.
    static func run(_ request: CommandLineRequest, _ state: inout AppState) -> [Effect] {
        switch request {
        case .nothing:
            return []
        case .quit:
            return [.quit]
        case .theme(let name):
            return [.loadTheme(name)]
        case .events(let server):
            state.eventsServer = server
            state.screen = .events
            state.eventIndex = 0
            return [.loadEvents(server)]
        case .useAccount(let server, let account):
            guard state.servers.contains(where: { $0.name == server }) else {
                state.message = (CommandLineRequest.useUsage, true)
                return []
            }
            return [.useAccount(server: server, account: account)]
        case .check(let server):
            return [Scheduler.check(server.map { [$0] } ?? [], &state)]
        case .usage(let text):
            state.message = (text, true)
            return []
        case .unknown(let verb):
            state.message = ("unknown command \"\(verb)\"; try \(CommandCompletion.verbs.joined(separator: ", ")) (Tab completes)", true)
            return []
        case .perform(let command, let argument):
            guard let name = argument ?? state.selected?.name, let server = state.servers.first(where: { $0.name == name }) else {
                state.message = ("no server named \"\(argument ?? "")\"", true)
                return []
            }
            state.selectedName = server.name
            if let reason = InputReducer.disabledReason(command, server: server, state: state) {
                state.message = (reason, true)
                return []
            }
            return InputReducer.serverCommand(command, server: server, &state)
        }
    }
}
