import Synchronization

/// The numbers cells keep their graphemes as: a grapheme of one scalar is that scalar's value;
/// the empty symbol (a wide glyph's second half) is 0x110000; any longer grapheme (an emoji
/// sequence, a letter with combining marks) is numbered from 0x110001 up in a table, each the
/// first time it is drawn. Cells use the table `shared` by the process.
///
/// The table is bounded: text from servers could otherwise grow it without end, one new
/// combination at a time. Past `limit` entries a new grapheme is drawn as U+FFFD.
final class CellSymbols: Sendable {
    /// The number of the empty symbol.
    static let empty: UInt32 = 0x11_0000
    /// The process's table.
    static let shared = CellSymbols(limit: 65_536)

    private struct Table {
        var codes: [String: UInt32] = [:]
        var texts: [String] = []
    }

    /// The most longer graphemes the table keeps.
    let limit: Int
    private let table = Mutex(Table())

    /// An empty table keeping at most `limit` longer graphemes.
    init(limit: Int) {
        self.limit = limit
    }

    /// The one-character strings of the ASCII range, made once.
    private static let ascii: [String] = (0..<0x80).map { String(Character(Unicode.Scalar(UInt8($0)))) }

    /// The number of `symbol` in the shared table.
    static func code(of symbol: String) -> UInt32 { shared.code(of: symbol) }

    /// The grapheme numbered `code` in the shared table.
    static func text(of code: UInt32) -> String { shared.text(of: code) }

    /// The number of `symbol`.
    func code(of symbol: String) -> UInt32 {
        var scalars = symbol.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return Self.empty }
        if scalars.next() == nil { return first.value }
        return table.withLock { [limit] table in
            if let code = table.codes[symbol] { return code }
            guard table.texts.count < limit else { return 0xFFFD }
            let code = Self.empty + 1 + UInt32(table.texts.count)
            table.codes[symbol] = code
            table.texts.append(symbol)
            return code
        }
    }

    /// The grapheme numbered `code`.
    func text(of code: UInt32) -> String {
        if code < 0x80 { return Self.ascii[Int(code)] }
        if code < Self.empty, let scalar = Unicode.Scalar(code) { return String(Character(scalar)) }
        if code == Self.empty { return "" }
        return table.withLock { table in
            let index = Int(code - Self.empty - 1)
            return index < table.texts.count ? table.texts[index] : "\u{FFFD}"
        }
    }
}
