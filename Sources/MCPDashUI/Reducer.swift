import Foundation
import MCPDashCore

/// The dashboard's logic: `reduce` turns an action into a new state and the effects to run.
/// Pure: no I/O, no clock, no terminal; the runtime runs the effects and feeds back actions.
///
/// It routes each action to the sub-reducer of its concern: `Scheduler` (time and automatic
/// work), `InputReducer` (keys, commands, the mouse), `OverlayReducer` (one per overlay, the
/// `:` line included), `FixReducer` (what `f` does for triage's fix) and `ResultReducer`
/// (what an effect reported).
public enum Reducer {
    /// The effects to run when the dashboard opens: read what is known; the first health check
    /// follows once the table is on screen, so it never delays the first frame. The agent's status
    /// is read then and every `AppState.agentPollSeconds`.
    public static func start(_ state: inout AppState) -> [Effect] {
        state.agentLoadedAt = state.now
        return [.reload, .loadAgent]
    }

    /// Applies `action` to `state`; returns the effects to run.
    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        let effects = apply(action, &state)
        if case .tick = action { state.countFailing(clockOnly: true) } else { state.countFailing(clockOnly: false) }
        return effects
    }

    /// Routes `action` to the reducer of its concern.
    private static func apply(_ action: Action, _ state: inout AppState) -> [Effect] {
        switch action {
        case .key(let key):
            return InputReducer.press(key, &state)
        case .click(let target):
            return InputReducer.click(target, &state)
        case .scroll(let rows):
            return InputReducer.scroll(rows, &state)
        case .tick(let now):
            return Scheduler.tick(now, &state)
        case .resize(let size):
            state.size = size
            return []
        case .configChanged:
            return [.reloadConfig]
        case .loaded, .healthChecked, .started, .whoamiFinished, .triaged, .loginProgress, .finished, .eventsLoaded,
             .revealed, .themeLoaded, .agentLoaded, .configReloaded:
            return ResultReducer.apply(action, &state)
        }
    }

    /// Why `command` cannot act on `server`, or nil when it can (a key that cannot act says why).
    public static func disabledReason(_ command: Command, server: ServerOverview, state: AppState) -> String? {
        InputReducer.disabledReason(command, server: server, state: state)
    }

    // MARK: - Shared by the sub-reducers

    /// Marks the server busy for effects that run on it, then returns the effect.
    static func started(_ effect: Effect, _ state: inout AppState) -> [Effect] {
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

    /// Copies `text` and says what was copied.
    static func copy(_ text: String, what: String, _ state: inout AppState) -> [Effect] {
        state.message = ("copied \(what) to the clipboard", false)
        return [.copy(text)]
    }

    /// The first line of a whoami answer, shortened for the status bar.
    static func identityLine(_ identity: String) -> String {
        let line = identity.split(separator: "\n" as Character).first.map(String.init) ?? identity
        return line.count > 120 ? String(line.prefix(119)) + "…" : line
    }
}
