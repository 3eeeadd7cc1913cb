import Foundation
import MCPDashCore

/// A box drawn over the current screen that takes the keys while it is open.
public enum Overlay: Equatable, Sendable {
    /// A login in progress: the authorize URL and its deadline, or the device code.
    case login(server: String, event: LoginEvent?)
    /// The rotation dialog: the secret's field and what has been typed (shown masked).
    case rotate(server: String, field: String, typed: String)
    /// A question answered with `y` or `n` before `effect` runs.
    case confirm(question: String, effect: Effect)
    /// The `:` command line and what has been typed.
    case command(typed: String)
    /// One journal event shown whole.
    case event(JournalEvent)
}
