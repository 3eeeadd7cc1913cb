import MCPDashCore
/// A bordered box with a title, showing lines of text (scrolled), each in its role.
public struct PaneWidget {
    /// One line: its parts, each with a role.
    public typealias Line = [(text: String, role: ThemeRole)]

    /// The title in the top border.
    public let title: String
    /// The content.
    public let lines: [Line]
    /// How many lines are scrolled off the top.
    public let scroll: Int
    /// Whether to draw box-drawing characters (else ASCII).
    public let unicode: Bool

    /// Creates a pane.
    public init(title: String, lines: [Line], scroll: Int = 0, unicode: Bool = true) {
        self.title = title
        self.lines = lines
        self.scroll = scroll
        self.unicode = unicode
    }

    /// Draws the pane into `area`, clearing it first.
    public func render(into buffer: inout Buffer, area: Rect) {
        guard area.width >= 4, area.height >= 2 else { return }
        buffer.fill(area, role: .body)
        let (horizontal, vertical) = unicode ? ("─", "│") : ("-", "|")
        let corners = unicode ? ["┌", "┐", "└", "┘"] : ["+", "+", "+", "+"]
        let rule = String(repeating: horizontal, count: area.width - 2)
        buffer.write(corners[0] + rule + corners[1], x: area.x, y: area.y, role: .border)
        buffer.write(corners[2] + rule + corners[3], x: area.x, y: area.y + area.height - 1, role: .border)
        for row in (area.y + 1)..<(area.y + area.height - 1) {
            buffer.write(vertical, x: area.x, y: row, role: .border)
            buffer.write(vertical, x: area.x + area.width - 1, y: row, role: .border)
        }
        buffer.write(" \(title) ", x: area.x + 2, y: area.y, role: .title, width: area.width - 4)
        let inner = Rect(x: area.x + 2, y: area.y + 1, width: area.width - 4, height: area.height - 2)
        let rows = Self.fold(lines, width: inner.width)
        let start = min(max(0, scroll), max(0, rows.count - inner.height))
        for (offset, line) in rows.dropFirst(start).prefix(inner.height).enumerated() {
            var x = inner.x
            for part in line {
                x = buffer.write(part.text, x: x, y: inner.y + offset, role: part.role, width: inner.x + inner.width - x)
            }
        }
        if rows.count > inner.height {
            let more = "\(min(start + inner.height, rows.count))/\(rows.count)"
            buffer.write(" \(more) ", x: area.x + area.width - DisplayWidth.of(more) - 4, y: area.y + area.height - 1, role: .muted)
        }
    }

    /// Lines longer than `width` continue on the next rows, indented by four cells.
    static func fold(_ lines: [Line], width: Int) -> [Line] {
        guard width > 8 else { return lines }
        var rows: [Line] = []
        for line in lines {
            var row: Line = []
            var used = 0
            for part in line {
                var text = ""
                for character in part.text {
                    let cells = DisplayWidth.of(character)
                    if used + cells > width {
                        if !text.isEmpty { row.append((text, part.role)) }
                        rows.append(row)
                        row = [("    ", .body)]
                        used = 4
                        text = ""
                    }
                    text.append(character)
                    used += cells
                }
                if !text.isEmpty { row.append((text, part.role)) }
            }
            rows.append(row)
        }
        return rows
    }

    /// Splits `text` into lines of at most `width` cells, at spaces where it can (URLs break anywhere).
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " " as Character, omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if DisplayWidth.of(candidate) <= width {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current) }
            current = ""
            for character in word {
                if DisplayWidth.of(current) + DisplayWidth.of(character) > width {
                    lines.append(current)
                    current = ""
                }
                current.append(character)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
