import MCPDashUI

/// What the terminal reports: a key, or a new size.
public enum TerminalInput: Equatable, Sendable {
    /// A decoded key.
    case key(Key)
    /// The terminal was resized.
    case resize(Size)
}
