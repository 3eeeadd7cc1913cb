import Foundation
import Testing
@testable import MCPDashCore

@Suite("Text layout")
struct TextTableTests {
    @Test("columns pad to the widest cell; the last column is not padded")
    func layout() {
        var table = TextTable(headers: ["NAME", "AUTH", "TAGS"])
        table.append(["gekkovet", "oauth", "prod"])
        table.append(["a", "none"])
        #expect(table.lines() == [
            "NAME      AUTH   TAGS",
            "gekkovet  oauth  prod",
            "a         none",
        ])
    }

    @Test("wide glyphs count two cells, combining marks none")
    func widths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("⏳") == 2)
        #expect(DisplayWidth.of("密码") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        var table = TextTable(headers: ["S", "NAME"])
        table.append(["⏳", "x"])
        table.append(["ok", "y"])
        #expect(table.lines() == ["S   NAME", "⏳  x", "ok  y"])
    }

    @Test("the width of every scalar the fast path answers for is the width its Unicode properties give")
    func commonWidthsAgree() {
        var answered = 0
        for value in UInt32(0)...0x2FFF {
            guard let scalar = Unicode.Scalar(value), let fast = DisplayWidth.commonWidth(of: value) else { continue }
            answered += 1
            #expect(fast == DisplayWidth.propertyWidth(of: scalar), "U+\(String(value, radix: 16, uppercase: true))")
        }
        #expect(answered > 1000, "the fast path answers for the common blocks")
        #expect(DisplayWidth.commonWidth(of: 0x25FD) == nil && DisplayWidth.propertyWidth(of: "\u{25FD}") == 2, "◽ is wide, left to the properties")
    }

    @Test("text of common scalars only is measured and cut as the grapheme walk would")
    func commonTextAgrees() {
        // Every common scalar next to every other kind of neighbour: letters, glyphs, bars, a
        // combining mark (which must leave the fast path), a wide character.
        let samples = ["✗ server-0001", "—", "▁▂▃█", "59m16s ⏳", "é", "e\u{301}", "→ ok ←", "Ärger─┼─", "abc密", "☐☑", "\u{A0}x\u{2026}"]
        for text in samples {
            let walked = text.reduce(0) { $0 + DisplayWidth.of($1) }
            #expect(DisplayWidth.of(text) == walked, "\(text)")
            for width in 0...walked + 1 {
                var slow = ""
                var used = 0
                for character in text {
                    if used + DisplayWidth.of(character) > width - 1 { break }
                    slow.append(character)
                    used += DisplayWidth.of(character)
                }
                let expected = walked <= width ? text : (width == 0 ? "" : slow + "…")
                #expect(DisplayWidth.truncate(text, to: width) == expected, "\(text) to \(width)")
            }
        }
        #expect(DisplayWidth.commonScalarCount("e\u{301}") == nil, "a combining mark is not common")
        #expect(DisplayWidth.commonScalarCount("✗ —▁") == 4, "the status glyphs, a dash and a bar are common")
    }

    @Test("the clock is the local time of day with two digits each")
    func clock() throws {
        #expect(ExpiryText.clock(Date(timeIntervalSince1970: 1_800_000_005), utcOffset: 0) == "08:00:05")
        #expect(ExpiryText.clock(Date(timeIntervalSince1970: 1_800_003_600 + 7 * 60), utcOffset: 0) == "09:07:00")
        #expect(ExpiryText.clock(Date(timeIntervalSince1970: 1_800_000_005), utcOffset: 9 * 3600) == "17:00:05")
        #expect(ExpiryText.clock(Date(timeIntervalSince1970: 1_800_000_005), utcOffset: -10 * 3600) == "22:00:05", "the day before")
        // The local zone's offset is the C library's, and Foundation's agrees with it.
        for instant in [0, 1_800_000_005, 1_719_000_000, 1_734_000_000] {
            let date = Date(timeIntervalSince1970: TimeInterval(instant))
            #expect(ExpiryText.localOffset(at: instant) == TimeZone.current.secondsFromGMT(for: date), "at \(instant)")
        }
    }

    @Test("long cells are cut with an ellipsis at the column limit")
    func truncation() {
        #expect(DisplayWidth.truncate("abcdefgh", to: 5) == "abcd…")
        #expect(DisplayWidth.truncate("密码密码", to: 5) == "密码…")
        #expect(DisplayWidth.pad("ab", to: 4) == "ab  ")
        var table = TextTable(headers: ["NAME", "X"])
        table.maximumColumnWidth = 6
        table.append(["a-very-long-server-name", "1"])
        #expect(table.lines()[1] == "a-ver…  1")
    }
}
