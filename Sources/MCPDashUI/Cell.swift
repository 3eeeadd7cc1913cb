/// One terminal cell: the grapheme drawn there and the theme role that colours it.
///
/// A wide glyph occupies its cell and marks the next one as a continuation (empty symbol). The
/// grapheme is kept as a number (`CellSymbols`), so a cell is plain data: a frame of thousands
/// of cells is made, copied, compared and freed without reference counting.
public struct Cell: Equatable, Sendable {
    /// The grapheme's number in `CellSymbols`.
    var code: UInt32
    /// How it is coloured.
    public var role: ThemeRole

    /// What is drawn; empty for the second half of a wide glyph.
    public var symbol: String {
        get { CellSymbols.text(of: code) }
        set { code = CellSymbols.code(of: newValue) }
    }

    /// Creates a cell.
    public init(_ symbol: String = " ", role: ThemeRole = .body) {
        self.code = CellSymbols.code(of: symbol)
        self.role = role
    }

    /// Creates a cell holding the grapheme numbered `code`.
    init(code: UInt32, role: ThemeRole) {
        self.code = code
        self.role = role
    }

    /// Whether the cell is the second half of a wide glyph.
    var isContinuation: Bool { code == CellSymbols.empty }
}
