/// A terminal in memory: it returns scripted input, keeps every frame drawn, and records what
/// was copied, how often it was suspended or handed over, and the theme in use. The loop's
/// tests run against it; the tmux tests cover the real one.
public final class InMemoryTerminal: TerminalBackend {
    /// The size it reports.
    public var size: Size
    /// Input still to be read, in order; `nil` entries are reads that time out.
    public var input: [TerminalInput?]
    /// Every frame drawn.
    public private(set) var frames: [Buffer] = []
    /// Everything copied.
    public private(set) var copied: [String] = []
    /// How many times it was suspended.
    public private(set) var suspensions = 0
    /// How many times it was handed over.
    public private(set) var handovers = 0
    /// The theme in use, once one was set.
    public private(set) var theme: Theme?
    /// The timeouts the loop asked for, in order.
    public private(set) var waits: [Int] = []
    /// Whether it was closed.
    public private(set) var closed = false
    /// Called on every read with the timeout asked for (a test's clock advances here).
    public var onRead: (Int) -> Void = { _ in }

    /// A terminal of `size` that will read `input`.
    public init(size: Size, input: [TerminalInput?] = []) {
        self.size = size
        self.input = input
    }

    /// The last frame's text, row by row.
    public var screen: [String] { frames.last?.lines ?? [] }

    public func draw(_ buffer: Buffer) { frames.append(buffer) }

    public func read(timeoutMilliseconds milliseconds: Int) -> TerminalInput? {
        waits.append(milliseconds)
        onRead(milliseconds)
        return input.isEmpty ? nil : input.removeFirst()
    }

    public func setTheme(_ theme: Theme) { self.theme = theme }
    public func copy(_ text: String) { copied.append(text) }
    public func suspend() { suspensions += 1 }

    public func runOutside(_ body: () -> Void) {
        handovers += 1
        body()
    }

    public func takeWrittenCount() -> Int { 0 }
    public func close() { closed = true }
}
