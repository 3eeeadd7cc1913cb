

/// What the terminal reports: a key, or a new size.
public enum TerminalInput: Equatable, Sendable {
    /// A decoded key.
    case key(Key)
    /// The terminal was resized.
    case resize(Size)
    /// A left click on a cell.
    case click(x: Int, y: Int)
    /// The wheel turned: rows up (negative) or down.
    case wheel(Int)
}
