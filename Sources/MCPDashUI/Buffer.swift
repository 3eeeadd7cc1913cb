import MCPDashCore

/// A grid of cells the widgets draw into; the terminal backend writes the difference of two
/// buffers to the screen. Writing is clipped to the grid and aware of double-width glyphs.
public struct Buffer: Equatable, Sendable {
    /// Two buffers are equal when their cells, links and click regions are.
    public static func == (lhs: Buffer, rhs: Buffer) -> Bool {
        lhs.size == rhs.size && lhs.cells == rhs.cells && lhs.links == rhs.links
            && lhs.targets.map(\.area) == rhs.targets.map(\.area) && lhs.targets.map(\.target) == rhs.targets.map(\.target)
    }

    /// The size.
    public let size: Size
    /// The cells, row by row.
    public private(set) var cells: [Cell]
    /// Runs of cells that are links.
    public var links: [Hyperlink] = []
    /// Regions a click means something in, later ones over earlier ones.
    public private(set) var targets: [(area: Rect, target: HitTarget)] = []

    /// A blank buffer.
    public init(size: Size, fill: Cell = Cell()) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        cells = Array(repeating: fill, count: self.size.width * self.size.height)
    }

    /// The whole area.
    public var area: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    /// The cell at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// Writes `text` at (`x`, `y`) in `role`, within `width` cells (to the edge when nil);
    /// a glyph that does not fit whole is left out. Returns the column after the text.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, role: ThemeRole, width: Int? = nil) -> Int {
        guard y >= 0, y < size.height else { return x }
        let limit = min(size.width, x + (width ?? size.width))
        if let column = writeCommon(text, x: x, y: y, role: role, limit: limit) { return column }
        var column = x
        // Text from servers and files may carry escape sequences: the same filter as the CLI's.
        for character in TerminalText.sanitize(text, keepNewlines: false) {
            let cells = DisplayWidth.of(character)
            if cells == 0 { continue }
            if column + cells > limit { break }
            if column >= 0 {
                self[column, y] = Cell(String(character), role: role)
                if cells == 2 { self[column + 1, y] = Cell(code: CellSymbols.empty, role: role) }
            }
            column += cells
        }
        return column
    }

    /// Writes text made only of common scalars (`DisplayWidth.commonWidth`: printable, one cell
    /// and a grapheme each, nothing `TerminalText.sanitize` would change) scalar by scalar, the
    /// case of nearly every cell a frame draws; nil, writing nothing, for any other text.
    private mutating func writeCommon(_ text: String, x: Int, y: Int, role: ThemeRole, limit: Int) -> Int? {
        guard DisplayWidth.commonScalarCount(text) != nil else { return nil }
        var column = x
        for scalar in text.unicodeScalars {
            if column >= limit { break }
            if column >= 0 {
                self[column, y] = Cell(code: scalar.value, role: role)
            }
            column += 1
        }
        return column
    }

    /// Marks `rect` as meaning `target` to a click.
    public mutating func mark(_ rect: Rect, _ target: HitTarget) {
        targets.append((rect, target))
    }

    /// What a click at (`x`, `y`) means, when anything.
    public func target(x: Int, y: Int) -> HitTarget? {
        targets.last { x >= $0.area.x && x < $0.area.x + $0.area.width && y >= $0.area.y && y < $0.area.y + $0.area.height }?.target
    }

    /// Fills `rect` with spaces in `role`.
    public mutating func fill(_ rect: Rect, role: ThemeRole) {
        for row in max(0, rect.y)..<min(size.height, rect.y + rect.height) {
            for column in max(0, rect.x)..<min(size.width, rect.x + rect.width) { self[column, row] = Cell(code: 0x20, role: role) }
        }
    }

    /// The text of each row (trailing spaces kept), for tests and captures.
    public var lines: [String] {
        (0..<size.height).map { row in (0..<size.width).map { self[$0, row].symbol }.joined() }
    }

    /// A stretch of changed cells on one row, all in one role: what a backend writes in one call.
    public struct Run: Equatable, Sendable {
        /// The first column.
        public let x: Int
        /// The row.
        public let y: Int
        /// The cells' symbols, joined (a wide glyph's second cell adds nothing).
        public let text: String
        /// Their role.
        public let role: ThemeRole
        /// How many cells it covers.
        public let width: Int
    }

    /// The runs of cells that differ from `previous` (every cell when there is none or its size
    /// differs); the second half of a wide glyph travels with its first.
    public func runs(since previous: Buffer?) -> [Run] {
        let old = previous?.size == size ? previous?.cells : nil
        let width = size.width
        var runs: [Run] = []
        cells.withUnsafeBufferPointer { now in
            for row in 0..<size.height {
                let base = row * width
                // Most rows of an idle tick are unchanged: one comparison of the row skips them.
                if let old, old[base..<base + width].elementsEqual(now[base..<base + width]) { continue }
                func changed(_ column: Int) -> Bool { old.map { $0[base + column] != now[base + column] } ?? true }
                var column = 0
                while column < width {
                    guard changed(column) else { column += 1; continue }
                    let role = now[base + column].role
                    let start = column
                    var text = ""
                    while column < width, now[base + column].role == role, changed(column) || now[base + column].isContinuation {
                        text += now[base + column].symbol
                        column += 1
                    }
                    runs.append(Run(x: start, y: row, text: text, role: role, width: column - start))
                }
            }
        }
        return runs
    }
}

extension Buffer {
    /// The same buffer with every non-ASCII symbol replaced by an ASCII stand-in, for terminals
    /// whose locale is not UTF-8 (a wide glyph becomes `??`, keeping the columns).
    public func asciiFallback() -> Buffer {
        var copy = self
        let stand: [String: String] = ["—": "-", "…": "~", "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "•": "*",
                                       "▏": "_", "·": ".", "●": "*", "○": "o", "◐": "!", "✗": "x", "→": ">", "←": "<", "↑": "^", "↓": "v"]
        for row in 0..<size.height {
            for column in 0..<size.width {
                let symbol = self[column, row].symbol
                if symbol.isEmpty {
                    copy[column, row].symbol = "?"   // the second half of a wide glyph keeps its column
                } else if !symbol.unicodeScalars.allSatisfy(\.isASCII) {
                    copy[column, row].symbol = stand[symbol] ?? "?"
                }
            }
        }
        return copy
    }
}
