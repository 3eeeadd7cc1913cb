/// One terminal cell: the grapheme drawn there and the theme role that colours it.
///
/// A wide glyph occupies its cell and marks the next one as a continuation (empty symbol).
public struct Cell: Equatable, Sendable {
    /// What is drawn; empty for the second half of a wide glyph.
    public var symbol: String
    /// How it is coloured.
    public var role: ThemeRole

    /// Creates a cell.
    public init(_ symbol: String = " ", role: ThemeRole = .body) {
        self.symbol = symbol
        self.role = role
    }
}
