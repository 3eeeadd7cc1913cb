import MCPDashCore
/// A table: a heading row and rows of cells, the selected row highlighted and kept in view.
public struct TableWidget {
    /// One cell of a row: its text and role.
    public typealias Item = (text: String, role: ThemeRole)

    /// The columns.
    public let columns: [TableColumn]
    /// The rows; a row with one item and `isGroup` spans the width as a group heading.
    public let rows: [(items: [Item], isGroup: Bool)]
    /// The index of the selected row.
    public let selected: Int?

    /// Creates a table.
    public init(columns: [TableColumn], rows: [(items: [Item], isGroup: Bool)], selected: Int?) {
        self.columns = columns
        self.rows = rows
        self.selected = selected
    }

    /// Draws the table into `area` of `buffer`; returns the index of the first row in view.
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect) -> Int {
        guard area.height > 0, area.width > 0 else { return 0 }
        let layout = TableColumn.fit(columns, into: area.width)
        var x = area.x
        for (index, width) in layout {
            let column = columns[index]
            let title = column.alignRight ? String(repeating: " ", count: max(0, width - DisplayWidth.of(column.title))) + column.title : column.title
            buffer.write(DisplayWidth.pad(title, to: width), x: x, y: area.y, role: .header, width: width)
            x += width + 1
        }
        let visible = area.height - 1
        guard visible > 0 else { return 0 }
        let first = max(0, min((selected ?? 0) - visible + 1, rows.count - visible))
        for (offset, row) in rows.dropFirst(first).prefix(visible).enumerated() {
            let y = area.y + 1 + offset
            let isSelected = first + offset == selected
            if row.isGroup {
                buffer.write(DisplayWidth.pad(row.items.first?.text ?? "", to: area.width), x: area.x, y: y, role: .title, width: area.width)
                continue
            }
            if isSelected { buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), role: .selected) }
            var x = area.x
            for (index, width) in layout where index < row.items.count {
                let item = row.items[index]
                let text = columns[index].alignRight
                    ? String(repeating: " ", count: max(0, width - DisplayWidth.of(item.text))) + item.text : item.text
                buffer.write(DisplayWidth.truncate(text, to: width), x: x, y: y, role: isSelected ? .selected : item.role, width: width)
                x += width + 1
            }
        }
        return first
    }
}
