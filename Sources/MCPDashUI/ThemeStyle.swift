/// How one role looks: colours and attributes.
public struct ThemeStyle: Equatable, Sendable {
    /// The foreground.
    public var foreground: ThemeColor
    /// The background.
    public var background: ThemeColor
    /// Bold.
    public var bold: Bool
    /// Underlined.
    public var underline: Bool
    /// Reverse video (what monochrome themes use for selection).
    public var reverse: Bool

    /// Creates a style.
    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                bold: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
    }
}
