import Foundation
import MCPDashCore
import Testing
@testable import MCPDashUI

/// `Renderer.render` compared line by line with what an operator should see.
@Suite("rendering the dashboard into a buffer")
struct RendererTests {
    @Test("80×24: every server, the essential columns, countdowns and signed-out rows")
    func table80x24() throws {
        let state = DashboardFixture.state(try DashboardFixture.servers())
        let lines = Renderer.render(state).lines
        #expect(lines.count == 24)
        #expect(lines.allSatisfy { DisplayWidth.of($0) == 80 })
        #expect(lines[0].hasPrefix(" mcpdash · 4 servers · sort name"))
        #expect(lines[0].hasSuffix("12:00:00 "))
        #expect(lines[1] == "  NAME               EXPIRES        AUTH         ERR 24H      TYPE  ACCOUNT     ")
        #expect(lines[2] == "· bearer-tools       —              bearer         0          http  —           ")
        #expect(lines[3] == "○ eka-dev            signed out     client-creds   0          http  —           ")
        #expect(lines[4] == "· files              —              none           0          stdio —           ")
        #expect(lines[5] == "· gekkovet           41m12s         oauth          0          http  vet@clinic.…")
        #expect(lines[23].contains("Enter detail"))
        #expect(lines[23].contains("q quit"))
    }

    @Test("120×40 adds latency and the next refresh")
    func table120x40() throws {
        let state = DashboardFixture.state(try DashboardFixture.servers(), width: 120, height: 40)
        let lines = Renderer.render(state).lines
        #expect(lines[1].contains("LATENCY REFRESH"))
        #expect(lines[5].hasSuffix("40m12s   "), "\(lines[5])")
        #expect(lines.count == 40)
    }

    @Test("a wide glyph takes two cells and the columns after it stay aligned; a long name is cut with …")
    func wideGlyphAndLongName() throws {
        let servers = try DashboardFixture.servers(#"""
            {"mcpServers": {"数据-server": {"url": "https://a.example/mcp"},
                            "a-very-long-server-name-that-does-not-fit": {"url": "https://b.example/mcp"}}}
            """#, sessions: [])
        let lines = Renderer.render(DashboardFixture.state(servers)).lines
        let wide = try #require(lines.first { $0.contains("数") })
        let long = try #require(lines.first { $0.contains("a-very-long") })
        func column(of text: String, in line: String) -> Int { DisplayWidth.of(String(line[..<line.range(of: text)!.lowerBound])) }
        #expect(column(of: "none", in: wide) == column(of: "none", in: long))
        #expect(long.contains("a-very-long-serve…"))
        var buffer = Buffer(size: Size(width: 5, height: 1))
        buffer.write("数据x", x: 0, y: 0, role: .body)
        #expect(buffer[1, 0].symbol == "" && buffer[3, 0].symbol == "")
        #expect(buffer.asciiFallback().lines == ["????x"], "an ASCII terminal keeps the columns")
    }

    @Test("cells keep graphemes as numbers: a scalar is its value, a longer grapheme is numbered once, and the table is bounded")
    func cellSymbols() {
        let table = CellSymbols(limit: 2)
        #expect(table.code(of: "a") == 0x61 && table.code(of: "数") == 0x6570 && table.code(of: "") == CellSymbols.empty)
        let family = "👨‍👩‍👧", accented = "e\u{301}", flag = "🇳🇱"
        let first = table.code(of: family)
        #expect(first > CellSymbols.empty && table.code(of: family) == first, "the same grapheme, the same number")
        #expect(table.text(of: first) == family && table.text(of: table.code(of: accented)) == accented)
        #expect(table.code(of: flag) == 0xFFFD, "past the limit a new grapheme is drawn as U+FFFD")
        #expect(table.text(of: table.code(of: "x")) == "x" && table.text(of: CellSymbols.empty) == "")
        var buffer = Buffer(size: Size(width: 6, height: 1))
        buffer.write(family + accented + "ok", x: 0, y: 0, role: .body)
        #expect(buffer.lines == [family + accented + "ok "], "the emoji takes two cells; a buffer gives back what was written: \(buffer.lines)")
        #expect(Buffer(size: Size(width: 3, height: 1)) == Buffer(size: Size(width: 3, height: 1)))
    }

    @Test("a sparkline scales to its largest cell; no failures at all is blank, in Unicode and ASCII alike")
    func sparkline() {
        #expect(Sparkline.text([0, 0, 0, 0], width: 4, unicode: true) == "    ")
        #expect(Sparkline.text([0, 0], width: 3, unicode: false) == "   ")
        #expect(Sparkline.text([1, 0, 2, 8], width: 4, unicode: true) == "▁ ▂█")
        #expect(Sparkline.text([1, 0, 2, 8], width: 4, unicode: false) == ". .#")
    }

    @Test("an empty config says how to add servers")
    func emptyConfig() throws {
        let state = DashboardFixture.state(try DashboardFixture.servers(#"{"mcpServers": {}}"#, sessions: []))
        let lines = Renderer.render(state).lines
        #expect(lines[2].contains("No servers configured. Add some with `mcpdash import`"))
    }

    @Test("a tick changes only the countdown and the clock")
    func tickChangesFewCells() throws {
        var state = DashboardFixture.state(try DashboardFixture.servers())
        let before = Renderer.render(state)
        _ = Reducer.reduce(&state, .tick(DashboardFixture.now.addingTimeInterval(1)))
        let after = Renderer.render(state)
        let changed = after.runs(since: before)
        #expect(!changed.isEmpty)
        #expect(Set(changed.map(\.y)).isSubset(of: [0, 5]), "rows changed: \(Set(changed.map(\.y)))")
        #expect(changed.reduce(0) { $0 + $1.width } <= 12, "only the changed digits are written: \(changed)")
        #expect(after.lines[5].contains("41m11s"))
        #expect(after.runs(since: nil).reduce(0) { $0 + $1.width } == after.size.width * after.size.height, "a first frame writes every cell")
    }

    @Test("the detail pane shows issuer, scopes, token and refresh age; triage shows verdict, fix and checks")
    func detailAndTriage() throws {
        var state = DashboardFixture.state(try DashboardFixture.servers(), width: 100, height: 30)
        state.selectedName = "gekkovet"
        _ = Reducer.reduce(&state, .key(.enter))
        let detail = Renderer.render(state).lines.joined(separator: "\n")
        #expect(detail.contains("issuer       https://auth.gekkovet.example"))
        #expect(detail.contains("scopes       openid email"))
        #expect(detail.contains("token        expires in 41m12s"))
        #expect(detail.contains("refresh token 16m40s old · rotated 0×"))

        _ = Reducer.reduce(&state, .key(.character("t")))
        #expect(Renderer.render(state).lines.joined().contains("diagnosing gekkovet…"))
        let report = try JSONDecoder().decode(TriageReport.self, from: Data(#"""
            {"server": "gekkovet", "authMethod": "oauth",
             "probe": {"url": "https://mcp.gekkovet.example/mcp", "status": 401, "sentCredential": true,
                       "challenges": ["Bearer error=\"invalid_token\""]},
             "challenges": [{"scheme": "Bearer", "parameters": [{"name": "error", "value": "invalid_token"}]}],
             "headerProblems": [], "discovery": [],
             "checks": [{"status": "failure", "id": "token-expired", "detail": "the token expired 3m0s ago"}],
             "verdict": "The token for gekkovet has expired.", "fix": "mcpdash refresh gekkovet", "remedy": {"refresh": {}}}
            """#.utf8))
        _ = Reducer.reduce(&state, .triaged(report))
        let triage = Renderer.render(state).lines.joined(separator: "\n")
        #expect(triage.contains("verdict  The token for gekkovet has expired."))
        #expect(triage.contains("fix      f  mcpdash refresh gekkovet"))
        #expect(triage.contains("FAIL token-expired: the token expired 3m0s ago"))
        #expect(triage.contains(#"challenge Bearer error="invalid_token""#))
    }

    @Test("the rotation dialog never shows what is typed; a revealed token shows once and hides on the next key")
    func secretsStayOffScreen() throws {
        var state = DashboardFixture.state(try DashboardFixture.servers())
        state.selectedName = "bearer-tools"
        _ = Reducer.reduce(&state, .key(.character("R")))
        for character in "canary-secret" { _ = Reducer.reduce(&state, .key(.character(character))) }
        let dialog = Renderer.render(state).lines.joined()
        #expect(!dialog.contains("canary"))
        #expect(dialog.contains(String(repeating: "•", count: 13)))
        _ = Reducer.reduce(&state, .key(.escape))

        state.selectedName = "gekkovet"
        _ = Reducer.reduce(&state, .key(.enter))
        let effects = Reducer.reduce(&state, .key(.character("v")))
        #expect(effects.isEmpty, "reveal must ask first")
        #expect(Reducer.reduce(&state, .key(.character("y"))) == [.reveal("gekkovet")])
        _ = Reducer.reduce(&state, .revealed(server: "gekkovet", value: "canary-token-value"))
        #expect(Renderer.render(state).lines.joined().contains("canary-token-value"))
        _ = Reducer.reduce(&state, .key(.character("j")))
        #expect(!Renderer.render(state).lines.joined().contains("canary-token-value"))
    }

    @Test("a narrow terminal keeps status, name and expiry; a tiny one says what it needs")
    func narrow() throws {
        let lines = Renderer.render(DashboardFixture.state(try DashboardFixture.servers(), width: 40, height: 12)).lines
        #expect(lines[1].hasPrefix("  NAME"))
        #expect(lines[5].contains("41m12s"))
        #expect(Renderer.render(DashboardFixture.state([], width: 10, height: 3)).lines[0].hasPrefix("mcpdash ne"))
    }

    @Test("help is generated from the keymap and says why a key cannot act")
    func help() throws {
        var state = DashboardFixture.state(try DashboardFixture.servers(), width: 120, height: 50)
        state.selectedName = "bearer-tools"
        _ = Reducer.reduce(&state, .key(.character("?")))
        let help = Renderer.render(state).lines.joined(separator: "\n")
        let missing = Keymap.bindings(on: .servers).map(\.description).filter { !help.contains($0) }
        #expect(missing.isEmpty, "not in help: \(missing)")
        #expect(help.contains("(bearer-tools uses bearer credentials: there is nothing to log in to"), "\(help)")
    }

    @Test("ASCII glyphs when the terminal is not UTF-8")
    func ascii() throws {
        var state = DashboardFixture.state(try DashboardFixture.servers())
        state.unicode = false
        let lines = Renderer.render(state).lines
        #expect(lines[3].hasPrefix("o eka-dev"))
        let ascii = Renderer.render(state).asciiFallback().lines
        #expect(ascii.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(ascii[2].hasPrefix("? bearer-tools       -  "), "\(ascii[2])")
    }

    @Test("a pane line longer than the pane continues on the next row, indented")
    func folding() {
        let lines: [PaneWidget.Line] = [[("key ", .muted), (String(repeating: "x", count: 30), .body)]]
        var buffer = Buffer(size: Size(width: 24, height: 6))
        PaneWidget(title: "t", lines: lines).render(into: &buffer, area: buffer.area)
        #expect(buffer.lines[1] == "│ key xxxxxxxxxxxxxxxx │")
        #expect(buffer.lines[2] == "│     xxxxxxxxxxxxxx   │")
        #expect(PaneWidget.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
    }

    @Test("the device-code overlay shows the code, the verification URL and the time left")
    func deviceCodeOverlay() throws {
        var state = DashboardFixture.state(try DashboardFixture.servers())
        state.selectedName = "gekkovet"
        _ = Reducer.reduce(&state, .key(.character("l")))
        _ = Reducer.reduce(&state, .loginProgress(server: "gekkovet", event: .deviceCode(
            userCode: "WDJB-MJHT", verificationURI: "https://auth.example/device",
            verificationURIComplete: "https://auth.example/device?user_code=WDJB-MJHT", expiresAt: DashboardFixture.now.addingTimeInterval(600))))
        let screen = Renderer.render(state).lines.joined(separator: "\n")
        #expect(screen.contains("On any device, visit https://auth.example/device"))
        #expect(screen.contains("and enter the code  WDJB-MJHT"))
        #expect(screen.contains("expires in 10m00s"))
        #expect(screen.contains("Esc cancels"))
    }
}

