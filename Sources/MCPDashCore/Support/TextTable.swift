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
        let widths = columnWidths()
        var output: [String] = []
        output.reserveCapacity(rows.count + 1)
        for row in [headers] + rows { output.append(line(row, widths: widths)) }
        return output
    }

    /// The widths `lines()` lays the columns out in: the widest cell, at most `maximumColumnWidth`.
    public func columnWidths() -> [Int] {
        var widths = Array(repeating: 0, count: headers.count)
        for row in [headers] + rows {
            for (column, cell) in row.enumerated() where column < widths.count { widths[column] = max(widths[column], DisplayWidth.of(cell)) }
        }
        return widths.map { min(maximumColumnWidth, $0) }
    }

    /// One row laid out in `widths`, for a table printed a row at a time whose widths are
    /// known before its rows are.
    public func line(_ row: [String], widths: [Int]) -> String {
        var line = ""
        for (column, cell) in row.enumerated() where column < widths.count {
            let isLast = column == row.count - 1 || column == widths.count - 1
            line += isLast ? DisplayWidth.truncate(cell, to: widths[column]) : DisplayWidth.pad(cell, to: widths[column]) + String(repeating: " ", count: gap)
            if isLast { break }
        }
        while line.utf8.last == 0x20 { line.removeLast() }
        return line
    }
}
