/// A column of a table: heading, width, and how readily it is dropped on a narrow terminal.
public struct TableColumn: Equatable, Sendable {
    /// The heading.
    public let title: String
    /// Its width in cells (the minimum, for the flexible column).
    public let width: Int
    /// Lower keeps longer when space runs out (0 is never dropped).
    public let priority: Int
    /// Whether it takes the space left over.
    public let flexible: Bool
    /// Whether text is right-aligned.
    public let alignRight: Bool

    /// Creates a column.
    public init(_ title: String, width: Int, priority: Int, flexible: Bool = false, alignRight: Bool = false) {
        self.title = title
        self.width = width
        self.priority = priority
        self.flexible = flexible
        self.alignRight = alignRight
    }

    /// The columns that fit in `width` (one space between each), with the flexible one widened.
    public static func fit(_ columns: [TableColumn], into width: Int) -> [(index: Int, width: Int)] {
        var chosen = Set<Int>()
        var used = 0
        for (index, column) in columns.enumerated().sorted(by: { ($0.element.priority, $0.offset) < ($1.element.priority, $1.offset) }) {
            let needed = column.width + (chosen.isEmpty ? 0 : 1)
            if used + needed <= width || column.priority == 0 {
                chosen.insert(index)
                used += needed
            }
        }
        let spare = max(0, width - used)
        return columns.indices.filter(chosen.contains).map { index in
            (index, columns[index].width + (columns[index].flexible ? spare : 0))
        }
    }
}
