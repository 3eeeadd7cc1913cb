/// What a cell means, which a theme turns into colours: widgets name roles, never colours.
public enum ThemeRole: String, CaseIterable, Sendable, Codable {
    /// Ordinary text.
    case body
    /// Column headings.
    case header
    /// The selected row.
    case selected
    /// Borders and rules.
    case border
    /// Titles of panes and overlays.
    case title
    /// Healthy.
    case ok
    /// Expiring soon, a warning.
    case warning
    /// Failing, expired, refused.
    case danger
    /// Less important text.
    case muted
    /// Highlights (URLs, codes).
    case accent
    /// The status bar.
    case statusBar
    /// A key in the hint bar or help.
    case key
    /// Text being typed.
    case input
}
