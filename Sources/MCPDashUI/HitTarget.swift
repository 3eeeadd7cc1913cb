/// What a mouse click on a cell means: the renderer marks the regions it draws, so the
/// reducer never repeats the layout to find out what is under the pointer.
public enum HitTarget: Equatable, Sendable {
    /// A server's row in the table.
    case server(String)
    /// A key hint in the status bar: clicking it runs its command.
    case command(Command)
    /// An event's row in the events view, by its index in the filtered list.
    case event(Int)
    /// An open overlay, which swallows clicks.
    case overlay
}
