import Foundation
@testable import MCPDashCore
import Testing
@testable import MCPDashUI

/// Copying, the mouse, the events view's filter and expansion, the command line's completion
/// and history, and config reloads: reducer and renderer together, without a terminal.
@Suite("copy, mouse, events, command line, reload")
struct DashboardInputTests {
    func state(width: Int = 100, height: Int = 30) throws -> AppState {
        DashboardFixture.state(try DashboardFixture.servers(), width: width, height: height)
    }

    static let url = "https://auth.gekkovet.example/authorize?response_type=code&client_id=mcpdash-0123456789&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback&code_challenge=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG&state=0123456789"

    @Test("the login URL is drawn on rows of its own, without a border in it, as one link; y copies it whole")
    func loginURL() throws {
        var state = try state()
        state.selectedName = "gekkovet"
        _ = Reducer.reduce(&state, .key(.character("l")))
        _ = Reducer.reduce(&state, .loginProgress(server: "gekkovet", event: .authorize(url: Self.url, redirectURI: "http://127.0.0.1:53682/callback",
                                                                                       deadline: DashboardFixture.now + 300)))
        let buffer = Renderer.render(state)
        #expect(!buffer.links.isEmpty && buffer.links.allSatisfy { $0.url == Self.url && $0.isSafe })
        let drawn = buffer.links.map { link in
            (link.x..<(link.x + link.width)).map { buffer[$0, link.y].symbol }.joined()
        }.joined()
        #expect(drawn == Self.url, "the rows of the link hold the URL and nothing else")
        #expect(buffer.links.count == (Self.url.count + 99) / 100, "a URL takes as many rows of 100 as it needs")

        #expect(Reducer.reduce(&state, .key(.character("y"))) == [.copy(Self.url)])
        #expect(state.message?.text == "copied the login URL to the clipboard")
        #expect(state.overlay != nil, "copying leaves the login open")
        #expect(Hyperlink(x: 0, y: 0, width: 3, url: "https://x\u{1B}]52").isSafe == false, "an escape never goes into OSC 8")
    }

    @Test("y copies a revealed token (and hides it), the triage fix's command line, and the selected event's message")
    func copies() throws {
        var state = try state()
        _ = Reducer.reduce(&state, .revealed(server: "gekkovet", value: "canary-revealed"))
        #expect(Reducer.reduce(&state, .key(.character("y"))) == [.copy("canary-revealed")])
        #expect(state.revealed == nil)
        #expect(state.message?.text == "copied gekkovet's token to the clipboard", "the message names what was copied, never the value")

        state.screen = .triage
        state.triage = try JSONDecoder().decode(TriageReport.self, from: Data(#"""
            {"server": "gekkovet", "authMethod": "oauth", "probe": {"url": "u", "sentCredential": true, "challenges": []},
             "challenges": [], "headerProblems": [], "discovery": [], "checks": [],
             "verdict": "The token for gekkovet has expired.", "fix": "mcpdash refresh gekkovet", "remedy": {"refresh": {}}}
            """#.utf8))
        #expect(Reducer.reduce(&state, .key(.character("y"))) == [.copy("mcpdash refresh gekkovet")])
    }

    @Test("the events view: a selection, / filters by any text, Enter shows an event whole, y copies its message")
    func events() throws {
        var state = try state()
        _ = Reducer.reduce(&state, .key(.character("e")))
        let long = "login started: open " + Self.url
        _ = Reducer.reduce(&state, .eventsLoaded([
            JournalEvent(time: DashboardFixture.now, server: "gekkovet", operation: .login, outcome: .info, message: long),
            JournalEvent(time: DashboardFixture.now - 60, server: "eka-dev", operation: .status, outcome: .failure, message: "connection refused"),
        ]))
        var buffer = Renderer.render(state)
        #expect(buffer.lines.contains { $0.contains("…") }, "the table cuts the long message")
        _ = Reducer.reduce(&state, .key(.down))
        #expect(state.eventIndex == 1)
        _ = Reducer.reduce(&state, .key(.character("/")))
        for character in "GEKKO" { _ = Reducer.reduce(&state, .key(.character(character))) }
        _ = Reducer.reduce(&state, .key(.enter))
        #expect(state.visibleEvents.map(\.operation) == [.login] && state.eventIndex == 0)
        buffer = Renderer.render(state)
        #expect(buffer.lines.contains { $0.contains("filter \"GEKKO\" (1 of 2)") })

        _ = Reducer.reduce(&state, .key(.enter))
        guard case .event(let shown)? = state.overlay else { Issue.record("Enter did not open the event"); return }
        #expect(shown.message == long)
        buffer = Renderer.render(state)
        let text = buffer.lines.joined()
        #expect(text.contains("response_type=code") && text.contains("state=0123456789"), "the whole message is on screen")
        #expect(Reducer.reduce(&state, .key(.character("y"))) == [.copy(long)])
        _ = Reducer.reduce(&state, .key(.escape))
        #expect(state.overlay == nil)
        _ = Reducer.reduce(&state, .key(.character("/")))
        _ = Reducer.reduce(&state, .key(.escape))
        #expect(state.eventsFilter.isEmpty && state.visibleEvents.count == 2)
    }

    @Test("a click selects the row under it or runs the hint under it; the wheel moves the selection; an overlay swallows clicks")
    func mouse() throws {
        var state = try state()
        let rows = state.visibleServers.map(\.name)
        var buffer = Renderer.render(state)
        let target = try #require(rows.last)
        let y = try #require((0..<buffer.size.height).first { buffer.target(x: 5, y: $0) == .server(target) })
        _ = Reducer.reduce(&state, .click(buffer.target(x: 5, y: y)))
        #expect(state.selectedName == target)
        _ = Reducer.reduce(&state, .scroll(-3))
        #expect(state.selectedName == rows[max(0, rows.count - 4)])

        let hint = try #require((0..<buffer.size.width).first { buffer.target(x: $0, y: buffer.size.height - 1) == .command(.events) })
        #expect(Reducer.reduce(&state, .click(buffer.target(x: hint, y: buffer.size.height - 1))) == [.loadEvents(state.selectedName)])
        #expect(state.screen == .events)

        state.screen = .servers
        _ = Reducer.reduce(&state, .key(.character(":")))
        buffer = Renderer.render(state)
        let before = state.selectedName
        let first = try #require(rows.first)
        _ = Reducer.reduce(&state, .click(.server(first)))
        #expect(state.selectedName == before, "a click behind the command line does nothing")
        #expect(buffer.target(x: buffer.size.width / 2, y: buffer.size.height / 2) == .overlay)
    }

    @Test("the command line completes verbs, server and theme names with Tab, and ↑/↓ recall earlier lines")
    func commandLine() throws {
        var state = try state()
        _ = Reducer.reduce(&state, .key(.character(":")))
        for character in "who" { _ = Reducer.reduce(&state, .key(.character(character))) }
        _ = Reducer.reduce(&state, .key(.tab))
        #expect(state.overlay == .command(typed: "whoami "))
        _ = Reducer.reduce(&state, .key(.character("e")))
        _ = Reducer.reduce(&state, .key(.tab))
        #expect(state.overlay == .command(typed: "whoami eka-dev "))
        #expect(Reducer.reduce(&state, .key(.enter)) == [.whoami("eka-dev")])

        #expect(CommandCompletion.complete("login e", servers: ["gekkovet", "eka-dev", "ekb"], themes: []) == ("login ek", ["eka-dev", "ekb"]))
        #expect(CommandCompletion.complete("theme l", servers: [], themes: ["dark", "light"]) == ("theme light ", []))
        #expect(CommandCompletion.complete("frob x", servers: ["x1"], themes: []) == ("frob x", []))

        _ = Reducer.reduce(&state, .key(.character(":")))
        for character in "theme light" { _ = Reducer.reduce(&state, .key(.character(character))) }
        _ = Reducer.reduce(&state, .key(.enter))
        #expect(state.commandHistory == ["whoami eka-dev", "theme light"])
        _ = Reducer.reduce(&state, .key(.character(":")))
        _ = Reducer.reduce(&state, .key(.up))
        #expect(state.overlay == .command(typed: "theme light"))
        _ = Reducer.reduce(&state, .key(.up))
        _ = Reducer.reduce(&state, .key(.up))
        #expect(state.overlay == .command(typed: "whoami eka-dev"))
        _ = Reducer.reduce(&state, .key(.down))
        _ = Reducer.reduce(&state, .key(.down))
        #expect(state.overlay == .command(typed: ""))
        #expect(CommandCompletion.remember("x", in: Array(repeating: "y", count: 5) + ["a"], limit: 3) == ["y", "a", "x"])
        #expect(CommandCompletion.remember("a", in: ["a"], limit: 3) == ["a"])
    }

    @Test("a changed config is read again: new servers are checked; a broken one keeps the last good and says so")
    func reload() throws {
        var state = try state()
        #expect(Reducer.reduce(&state, .configChanged) == [.reloadConfig])
        let text = DashboardFixture.config.replacingOccurrences(of: #""files":"#, with: #""fresh": {"url": "https://fresh.example/mcp"}, "files":"#)
        let fresh = try ConfigLoader.parse(Data(text.utf8), file: "servers.json", resolver: EnvironmentResolver(process: [:]))
        let effects = Reducer.reduce(&state, .configReloaded(fresh, problem: nil))
        #expect(effects == [.reload, .checkHealth(["fresh"], round: state.healthRound)])
        #expect(state.message?.text == "config reloaded: 5 servers, new: fresh")
        #expect(Reducer.reduce(&state, .configReloaded(nil, problem: "servers.json:3:7: expected ','")).isEmpty)
        #expect(state.message?.text == "config not reloaded, the last good one stays: servers.json:3:7: expected ','" && state.message?.failed == true)
        #expect(state.servers.count == 4, "the table is the last good one")
    }

    @Test("f performs every fix triage can propose, the revoked token's included")
    func everyFix() throws {
        func pressF(_ remedy: TriageFix, server: String = "gekkovet") throws -> (AppState, [Effect]) {
            var current = try state()
            current.selectedName = server
            current.screen = .triage
            current.triage = TriageReport(server: server, authMethod: "oauth",
                                        probe: .init(url: "u", status: 401, sentCredential: true, serverDate: nil, challenges: [], error: nil),
                                        challenges: [], headerProblems: [], discovery: [], checks: [], verdict: "v", remedy: remedy)
            let effects = Reducer.reduce(&current, .key(.character("f")))
            return (current, effects)
        }
        var (after, effects) = try pressF(.forgetTokensThenLogin)
        #expect(after.pendingLoginAfterLogout == "gekkovet")
        guard case .confirm(_, let effect)? = after.overlay else { Issue.record("no confirmation"); return }
        #expect(effect == .logout("gekkovet", forgetRegistration: false))
        #expect(Reducer.reduce(&after, .key(.character("y"))) == [.logout("gekkovet", forgetRegistration: false)])
        #expect(Reducer.reduce(&after, .finished(server: "gekkovet", operation: .logout, message: "logged out", failed: false)).contains(.login("gekkovet")),
                "the login follows the logout")

        (after, effects) = try pressF(.forgetRegistrationThenLogin)
        guard case .confirm(_, .logout("gekkovet", forgetRegistration: true))? = after.overlay else { Issue.record("no confirmation"); return }
        for remedy in [TriageFix.login, .stepUp(scopes: ["mcp:write"])] {
            (after, effects) = try pressF(remedy)
            #expect(effects == [.login("gekkovet")] && after.overlay == .login(server: "gekkovet", event: nil))
        }
        #expect(try pressF(.refresh).1 == [.refresh("gekkovet")])
        (after, effects) = try pressF(.rotate, server: "bearer-tools")
        #expect(after.overlay == .rotate(server: "bearer-tools", field: "token", typed: ""))
        #expect(try pressF(.editConfig("set auth.scheme")).1 == [.editConfig(dotEnv: false)])
        #expect(try pressF(.setVariable(template: "${T}")).1 == [.editConfig(dotEnv: true)])
        (after, effects) = try pressF(.checkStatus)
        guard case .checkHealth(["gekkovet"], _)? = effects.first else { Issue.record("\(effects)"); return }
        (after, effects) = try pressF(.readEvents)
        #expect(effects == [.loadEvents("gekkovet")] && after.screen == .events)
        (after, effects) = try pressF(.reportToOperator)
        #expect(effects.isEmpty && after.message?.text.contains("report it to the server's operator") == true)
    }

    @Test("Ctrl-Z asks to suspend on every screen")
    func suspend() throws {
        var state = try state()
        for screen in Screen.allCases {
            state.screen = screen
            #expect(Reducer.reduce(&state, .key(.control("z"))) == [.suspend], "\(screen)")
        }
    }
}
