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
        let start = min(max(0, scroll), max(0, lines.count - inner.height))
        for (offset, line) in lines.dropFirst(start).prefix(inner.height).enumerated() {
            var x = inner.x
            for part in line {
                x = buffer.write(part.text, x: x, y: inner.y + offset, role: part.role, width: inner.x + inner.width - x)
            }
        }
        if lines.count > inner.height {
            let more = "\(min(start + inner.height, lines.count))/\(lines.count)"
            buffer.write(" \(more) ", x: area.x + area.width - DisplayWidth.of(more) - 4, y: area.y + area.height - 1, role: .muted)
        }
    }

    /// Splits `text` into lines of at most `width` cells (for URLs and long messages).
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var lines: [String] = []
        var current = ""
        for character in text {
            if DisplayWidth.of(current) + DisplayWidth.of(character) > width {
                lines.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
