/// How many terminal cells text takes: wide East Asian characters and emoji take two,
/// combining marks and zero-width characters none.
public enum DisplayWidth {
    /// The cell width of one extended grapheme cluster.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return width(of: first)
    }

    /// The cell width of a string.
    public static func of(_ text: String) -> Int {
        if let ascii = printableASCIIWidth(text) { return ascii }
        if let common = commonScalarCount(text) { return common }
        return text.reduce(0) { $0 + of($1) }
    }

    /// The number of scalars of text made only of the common ones (`commonWidth(of:)`), else nil.
    ///
    /// Each common scalar is one cell and a grapheme cluster of its own (none extends or joins
    /// another), so such text needs no grapheme walk: the dashboard's glyphs, dashes and bars
    /// are measured and cut by scalars.
    @inlinable
    public static func commonScalarCount(_ text: String) -> Int? {
        var count = 0
        for scalar in text.unicodeScalars {
            guard commonWidth(of: scalar.value) != nil else { return nil }
            count += 1
        }
        return count
    }

    /// The width of text that is printable ASCII only (one cell per byte), else nil: the common case, without a grapheme walk.
    @inline(__always)
    static func printableASCIIWidth(_ text: String) -> Int? {
        var count = 0
        for byte in text.utf8 {
            guard byte >= 0x20, byte < 0x7F else { return nil }
            count += 1
        }
        return count
    }

    /// Cuts `text` to at most `width` cells, ending with `…` when something was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        if let ascii = printableASCIIWidth(text) {
            guard ascii > width else { return text }
            guard width > 0 else { return "" }
            return String(text.utf8.prefix(width - 1))! + "…"
        }
        if let common = commonScalarCount(text) {
            guard common > width else { return text }
            guard width > 0 else { return "" }
            return String(String.UnicodeScalarView(text.unicodeScalars.prefix(width - 1))) + "…"
        }
        guard of(text) > width else { return text }
        guard width > 0 else { return "" }
        var result = ""
        var used = 0
        for character in text {
            let cells = of(character)
            if used + cells > width - 1 { break }
            result.append(character)
            used += cells
        }
        return result + "…"
    }

    /// Pads `text` with spaces to exactly `width` cells (truncating when longer).
    public static func pad(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        commonWidth(of: scalar.value) ?? propertyWidth(of: scalar)
    }

    /// The width of a scalar from the blocks the dashboard draws every tick (Latin, dashes and
    /// ellipses, arrows, box drawing, block elements, geometric shapes, check marks and crosses), without a Unicode
    /// property lookup; nil for any other scalar. Agrees with `propertyWidth` (a test checks
    /// every scalar it answers for).
    @inlinable
    public static func commonWidth(of value: UInt32) -> Int? {
        switch value {
        case 0x20..<0x7F: 1
        case 0xA0..<0x300 where value != 0xAD: 1
        case 0x2010...0x2027, 0x2190...0x21FF, 0x2500...0x25FC, 0x2713...0x2717: 1
        default: nil
        }
    }

    /// The width of a scalar by its Unicode properties.
    static func propertyWidth(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 || value == 0x200B || (0x200C...0x200F).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        case .control: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        return wideRanges.contains { $0.contains(value) } ? 2 : 1
    }

    /// East Asian Wide and Fullwidth blocks (Unicode UAX #11), the ones terminals draw double.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
