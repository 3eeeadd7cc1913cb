/// A plain table laid out in terminal cells: a header row and data rows, columns padded to
/// the widest cell, the last column unpadded.
///
/// The CLI's `list` prints one; the dashboard's server table grows from the same layout.
public struct TextTable: Sendable {
    /// The column titles.
    public let headers: [String]
    /// The rows, each with one cell per column.
    public private(set) var rows: [[String]] = []
    /// Cells between columns.
    public var gap = 2
    /// The widest any column may grow, in cells; longer cells end with `…`.
    public var maximumColumnWidth = 48

    /// Creates a table with these column titles.
    public init(headers: [String]) {
        self.headers = headers
    }

    /// Appends a row; missing cells are empty, extra cells are dropped.
    public mutating func append(_ row: [String]) {
        rows.append((0..<headers.count).map { $0 < row.count ? row[$0] : "" })
    }

    /// The table as lines of text, with trailing spaces removed.
    public func lines() -> [String] {
        var widths = Array(repeating: 0, count: headers.count)
        for row in [headers] + rows {
            for (column, cell) in row.enumerated() where column < widths.count { widths[column] = max(widths[column], DisplayWidth.of(cell)) }
        }
        widths = widths.map { min(maximumColumnWidth, $0) }
        var output: [String] = []
        output.reserveCapacity(rows.count + 1)
        for row in [headers] + rows {
            var line = ""
            for (column, cell) in row.enumerated() {
                let isLast = column == row.count - 1
                line += isLast ? DisplayWidth.truncate(cell, to: widths[column]) : DisplayWidth.pad(cell, to: widths[column]) + String(repeating: " ", count: gap)
            }
            while line.utf8.last == 0x20 { line.removeLast() }
            output.append(line)
        }
        return output
    }
}
