import Foundation
import MCPDashCore

/// What `f` does on the triage screen: performs the fix triage proposed, asking first where
/// it forgets something.
enum FixReducer {
    /// What `f` does for each fix triage can propose.
    static func fix(_ remedy: TriageFix, server: String, _ state: inout AppState) -> [Effect] {
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
            return Reducer.started(.login(server), &state)
        case .refresh:
            return Reducer.started(.refresh(server), &state)
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
            return [Scheduler.check([server], &state)]
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
}
