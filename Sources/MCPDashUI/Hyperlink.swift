/// A run of cells on one row that is a link (OSC 8 where the terminal supports it); a URL
/// wrapped over several rows is one link per row, sharing `url`.
public struct Hyperlink: Equatable, Sendable {
    /// The first column.
    public let x: Int
    /// The row.
    public let y: Int
    /// How many cells.
    public let width: Int
    /// Where it leads: printable ASCII only, or the link is not drawn.
    public let url: String

    /// Creates a link.
    public init(x: Int, y: Int, width: Int, url: String) {
        self.x = x
        self.y = y
        self.width = width
        self.url = url
    }

    /// Whether `url` may go into an escape sequence: visible ASCII, no more than 2,048 bytes.
    public var isSafe: Bool {
        !url.isEmpty && url.utf8.count <= 2048 && url.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }
}
