/// Work the runtime does for the dashboard; each runs one core function (the same one the CLI
/// calls) and reports back with an `Action`.
public enum Effect: Equatable, Sendable {
    /// Re-read config, state and journal.
    case reload
    /// Health-check these servers (all when empty); `round` numbers the request so that a
    /// report started before a credential changed is recognised as stale when it arrives.
    case checkHealth([String], round: Int)
    /// `whoami` on a server.
    case whoami(String)
    /// Triage a server.
    case diagnose(String)
    /// Log in to a server.
    case login(String)
    /// Refresh a server's token.
    case refresh(String)
    /// Log out (revoking) and forget the tokens, and the client registration when asked.
    case logout(String, forgetRegistration: Bool)
    /// Rotate a server's secret to a new value.
    case rotate(server: String, field: String, value: String)
    /// Roll a rotation back.
    case rollback(server: String, field: String)
    /// Read the journal (one server, or all).
    case loadEvents(String?)
    /// Make an account the server's active one.
    case useAccount(server: String, account: String)
    /// Read a server's token to show it once.
    case reveal(String)
    /// Cancel a server's running operation.
    case cancel(String)
    /// Load the named theme.
    case loadTheme(String)
    /// Read the refresh agent's status.
    case loadAgent
    /// Put `text` on the clipboard (OSC 52, which works over SSH and through tmux).
    case copy(String)
    /// Stop the dashboard as Ctrl-Z stops a program (`fg` resumes it).
    case suspend
    /// Read the config again after it changed on disk; a broken edit keeps the last good config.
    case reloadConfig
    /// Open `$EDITOR` on the config (or the `.env` beside it) outside the dashboard, then come back.
    case editConfig(dotEnv: Bool)
    /// Leave the dashboard.
    case quit
}
