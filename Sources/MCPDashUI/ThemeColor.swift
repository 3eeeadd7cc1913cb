/// A colour as a theme gives it: the terminal's default, or an index for 256-colour terminals
/// with the nearest of the 16 basic colours for terminals that have only those.
public struct ThemeColor: Equatable, Sendable {
    /// The terminal's own foreground or background.
    public static let terminalDefault = ThemeColor(color256: -1, color16: -1)

    /// The colour on a 256-colour terminal; -1 for the default.
    public let color256: Int
    /// The colour on a 16-colour terminal; -1 for the default.
    public let color16: Int

    /// Creates a colour.
    public init(color256: Int, color16: Int) {
        self.color256 = color256
        self.color16 = color16
    }

    /// The colour for a terminal with `colors` colours.
    public func index(forTerminalColors colors: Int) -> Int {
        colors >= 256 ? color256 : color16 >= colors ? color16 % 8 : color16
    }

    /// The sixteen basic names (`bright-red` is 9).
    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses `default`, a basic name, `bright-NAME`, or a number 0–255 (16-colour fallback by name only).
    static func parse(_ text: String) -> ThemeColor? {
        let lowered = text.lowercased()
        if lowered == "default" { return .terminalDefault }
        if let index = names.firstIndex(of: lowered) { return ThemeColor(color256: index, color16: index) }
        if lowered.hasPrefix("bright-"), let index = names.firstIndex(of: String(lowered.dropFirst(7))) {
            return ThemeColor(color256: index + 8, color16: index + 8)
        }
        return nil
    }
}
