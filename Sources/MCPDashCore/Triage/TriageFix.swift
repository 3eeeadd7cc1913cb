/// What triage proposes to do about a refusal: typed, so the dashboard's `f` performs it and
/// `mcpdash diagnose` prints it as a command line.
public enum TriageFix: Codable, Equatable, Sendable {
    /// Log in again.
    case login
    /// Refresh the token.
    case refresh
    /// Log in for the session's scopes plus these challenged ones.
    case stepUp(scopes: [String])
    /// Forget the client registration, then log in (which registers afresh).
    case forgetRegistrationThenLogin
    /// Forget the tokens, then log in.
    case forgetTokensThenLogin
    /// Replace the stored secret.
    case rotate
    /// Put a valid credential in the variable this template names (the environment or `.env`).
    case setVariable(template: String)
    /// Change the server's entry in the config: what to change.
    case editConfig(String)
    /// Nothing to do on this side: the server's operator must fix it.
    case reportToOperator
    /// Check the server again.
    case checkStatus
    /// Read the server's journal.
    case readEvents

    /// The fix in words the CLI prints: a command line, or an instruction.
    public func commandLine(server name: String) -> String {
        switch self {
        case .login: "mcpdash login \(name)"
        case .refresh: "mcpdash refresh \(name)"
        case .stepUp: "mcpdash login \(name) (step-up with the challenged scopes)"
        case .forgetRegistrationThenLogin: "mcpdash logout \(name) --forget registration && mcpdash login \(name)"
        case .forgetTokensThenLogin: "mcpdash logout \(name) --forget tokens && mcpdash login \(name)"
        case .rotate: "mcpdash rotate \(name)"
        case .setVariable(let template): "put a valid credential in \(template) (the environment or the .env file)"
        case .editConfig(let change): "\(change) (mcpdash edit)"
        case .reportToOperator: "report it to the server's operator"
        case .checkStatus: "mcpdash status \(name)"
        case .readEvents: "mcpdash events \(name)"
        }
    }
}
