/// A sparkline: counts drawn as bars one cell each (`▁▂▃▄▅▆▇█`, or ASCII stand-ins).
public enum Sparkline {
    /// `values` squeezed into `width` cells (each cell the sum of its share), scaled to the largest.
    public static func text(_ values: [Int], width: Int, unicode: Bool) -> String {
        guard width > 0, !values.isEmpty else { return "" }
        let bars: [Character] = unicode ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ".", ":", ":", "-", "=", "+", "#"]
        var cells = [Int](repeating: 0, count: width)
        for (index, value) in values.enumerated() { cells[index * width / values.count] += value }
        let highest = cells.max() ?? 0
        guard highest > 0 else { return String(repeating: " ", count: width) }
        return String(cells.map { $0 == 0 ? bars[0] : bars[max(1, Int((Double($0) / Double(highest) * 8).rounded(.up)))] })
    }
}
