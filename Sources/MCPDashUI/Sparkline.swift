/// A sparkline: counts drawn as bars one cell each (`▁▂▃▄▅▆▇█`, or ASCII stand-ins).
public enum Sparkline {
    /// `values` squeezed into `width` cells (each cell the sum of its share), scaled to the largest.
    public static func text(_ values: [Int], width: Int, unicode: Bool) -> String {
        guard width > 0, !values.isEmpty else { return "" }
        let bars = unicode ? unicodeBars : asciiBars
        var cells = [Int](repeating: 0, count: width)
        for (index, value) in values.enumerated() { cells[index * width / values.count] += value }
        let highest = cells.max() ?? 0
        guard highest > 0 else { return String(repeating: " ", count: width) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(width * 3)
        for cell in cells { bytes += cell == 0 ? bars[0] : bars[max(1, Int((Double(cell) / Double(highest) * 8).rounded(.up)))] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bars from none to full, in UTF-8, made once.
    private static let unicodeBars = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"].map { Array($0.utf8) }
    private static let asciiBars = [" ", ".", ".", ":", ":", "-", "=", "+", "#"].map { Array($0.utf8) }
}
