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
