/// What the dashboard's loop needs of a terminal: draw frames, read input, and the few things
/// only a terminal can do (copy, suspend, hand itself over). `CursesTerminal` is the real one,
/// `InMemoryTerminal` the one the loop is tested with.
public protocol TerminalBackend: AnyObject {
    /// The size now.
    var size: Size { get }
    /// Draws `buffer` (a backend writes only what changed since the last frame).
    func draw(_ buffer: Buffer)
    /// Waits up to `milliseconds` for input; nil when none came.
    func read(timeoutMilliseconds milliseconds: Int) -> TerminalInput?
    /// Uses `theme` from the next frame on.
    func setTheme(_ theme: Theme)
    /// Puts `text` on the clipboard.
    func copy(_ text: String)
    /// Stops as Ctrl-Z would; returns when resumed.
    func suspend()
    /// Hands the terminal to `body` in its normal mode, then takes it back.
    func runOutside(_ body: () -> Void)
    /// Bytes of cell text written since the last call.
    func takeWrittenCount() -> Int
    /// Restores the terminal.
    func close()
}
