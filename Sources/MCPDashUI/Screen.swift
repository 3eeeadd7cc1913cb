/// The main views of the dashboard.
public enum Screen: String, Equatable, Sendable, CaseIterable {
    /// The server table.
    case servers
    /// The server table with the selected server's detail pane.
    case detail
    /// Triage of the selected server.
    case triage
    /// The event journal.
    case events
    /// Help generated from the keymap.
    case help
}
