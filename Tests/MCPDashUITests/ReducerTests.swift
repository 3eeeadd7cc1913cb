import Foundation
import MCPDashCore
import Testing
@testable import MCPDashUI

/// `Reducer.reduce` for keys and effect results: state changes and the effects asked for.
@Suite("reducing keys and results")
struct ReducerTests {
    func state() throws -> AppState { DashboardFixture.state(try DashboardFixture.servers()) }

    @Test("opening reads the state first; the health check of everything follows the first table")
    func start() throws {
        var state = AppState(now: DashboardFixture.now, size: Size(width: 80, height: 24))
        #expect(Reducer.start(&state) == [.reload, .loadAgent])
        #expect(Reducer.reduce(&state, .loaded(try DashboardFixture.servers())) == [.checkHealth([], round: 1)])
        #expect(Reducer.reduce(&state, .loaded(try DashboardFixture.servers())).isEmpty)
    }

    @Test("a health check that started before a login cannot mark the new session failing when it arrives late")
    func staleHealthReport() throws {
        var state = AppState(now: DashboardFixture.now, size: Size(width: 80, height: 24))
        _ = Reducer.start(&state)
        #expect(Reducer.reduce(&state, .loaded(try DashboardFixture.servers())) == [.checkHealth([], round: 1)])
        let refused = HealthReport(server: "gekkovet", transport: .http, outcome: .unauthorized, latencyMilliseconds: nil,
                                   httpStatus: 401, detail: "401")
        let accepted = HealthReport(server: "gekkovet", transport: .http, outcome: .ok, latencyMilliseconds: 12,
                                    httpStatus: nil, detail: "peer 1")
        #expect(Reducer.reduce(&state, .finished(server: "gekkovet", operation: .login, message: "logged in", failed: false))
                == [.reload, .checkHealth(["gekkovet"], round: 2)])
        // The journal's last check predates the login: the row says it is being checked.
        let row = try #require(state.servers.first { $0.name == "gekkovet" })
        #expect(state.status(of: row) == .busy)
        // Round 1 (before the login) answers after it: ignored.
        _ = Reducer.reduce(&state, .healthChecked([refused], round: 1))
        #expect(state.health["gekkovet"] == nil && state.status(of: row) == .busy)
        _ = Reducer.reduce(&state, .healthChecked([accepted], round: 2))
        #expect(state.health["gekkovet"] == accepted && state.status(of: row) == .ok)
        // A later round's refusal counts again.
        _ = Reducer.reduce(&state, .healthChecked([refused], round: 3))
        #expect(state.health["gekkovet"] == refused)
    }

    @Test("the title's failing count follows a session that expires while only the clock moves, and every other change")
    func failingCountFollowsTheClock() throws {
        let now = DashboardFixture.now
        // A session without a refresh token, expiring in 10 s: failing once it has passed.
        let session = TokenMetadata(server: "gekkovet", expiresAt: now.addingTimeInterval(10), issuer: "https://auth.gekkovet.example",
                                    obtainedAt: now.addingTimeInterval(-100))
        var state = DashboardFixture.state(try DashboardFixture.servers(sessions: [session]))
        let before = try #require(state.failingCount)
        func title() -> String { Renderer.render(state).lines[0] }
        _ = Reducer.reduce(&state, .tick(now.addingTimeInterval(5)))
        #expect(state.failingCount == before)
        _ = Reducer.reduce(&state, .tick(now.addingTimeInterval(11)))
        #expect(state.failingCount == before + 1, "the expiry passed with nothing but ticks")
        #expect(title().contains("\(before + 1) failing"), "\(title())")
        _ = Reducer.reduce(&state, .loaded([]))
        #expect(state.failingCount == 0 && !title().contains("failing"), "a new list is counted at once")
    }

    @Test("j/k and arrows move the selection and stop at the ends; g and G jump")
    func movement() throws {
        var state = try state()
        #expect(state.selected?.name == "bearer-tools")
        _ = Reducer.reduce(&state, .key(.character("j")))
        #expect(state.selected?.name == "eka-dev")
        _ = Reducer.reduce(&state, .key(.down))
        _ = Reducer.reduce(&state, .key(.down))
        _ = Reducer.reduce(&state, .key(.down))
        #expect(state.selected?.name == "gekkovet")
        _ = Reducer.reduce(&state, .key(.up))
        #expect(state.selected?.name == "files")
        _ = Reducer.reduce(&state, .key(.character("g")))
        #expect(state.selected?.name == "bearer-tools")
        _ = Reducer.reduce(&state, .key(.character("G")))
        #expect(state.selected?.name == "gekkovet")
    }

    @Test("w runs whoami and marks the row busy; the result clears it and reports the identity")
    func whoami() throws {
        var state = try state()
        state.selectedName = "gekkovet"
        #expect(Reducer.reduce(&state, .key(.character("w"))) == [.whoami("gekkovet")])
        #expect(state.busy["gekkovet"] == .whoami)
        #expect(state.status(of: state.selected!) == .busy)
        let effects = Reducer.reduce(&state, .whoamiFinished(server: "gekkovet", report: nil, error: "HTTP 401: Unauthorized"))
        #expect(effects == [.reload])
        #expect(state.busy["gekkovet"] == nil)
        #expect(state.message?.text == "gekkovet: HTTP 401: Unauthorized" && state.message?.failed == true)
    }

    @Test("a key that cannot act says why instead of doing nothing")
    func disabledKeys() throws {
        var state = try state()
        state.selectedName = "bearer-tools"
        #expect(Reducer.reduce(&state, .key(.character("l"))).isEmpty)
        #expect(state.message?.text.contains("nothing to log in to") == true)
        state.selectedName = "eka-dev"
        #expect(Reducer.reduce(&state, .key(.character("r"))).isEmpty)
        #expect(state.message?.text == "eka-dev is not logged in; l logs in")
        #expect(Reducer.reduce(&state, .key(.character("x"))).isEmpty)
        #expect(state.message?.text == "x does nothing here; ? lists the keys")
    }

    @Test("l opens the login overlay and logs in; progress updates it; Esc cancels; the result closes it")
    func login() throws {
        var state = try state()
        state.selectedName = "gekkovet"
        #expect(Reducer.reduce(&state, .key(.character("l"))) == [.login("gekkovet")])
        #expect(state.overlay == .login(server: "gekkovet", event: nil))
        let deadline = DashboardFixture.now.addingTimeInterval(300)
        _ = Reducer.reduce(&state, .loginProgress(server: "gekkovet", event: .authorize(url: "https://as/authorize?x", redirectURI: "http://127.0.0.1:5/callback", deadline: deadline)))
        #expect(state.overlay == .login(server: "gekkovet", event: .authorize(url: "https://as/authorize?x", redirectURI: "http://127.0.0.1:5/callback", deadline: deadline)))
        #expect(Renderer.render(state).lines.joined().contains("https://as/authorize?x"))
        #expect(Reducer.reduce(&state, .key(.character("q"))).isEmpty, "keys other than Esc go to the overlay")
        #expect(Reducer.reduce(&state, .key(.escape)) == [.cancel("gekkovet")])
        #expect(state.overlay == nil)
        _ = Reducer.reduce(&state, .key(.character("l")))
        #expect(Reducer.reduce(&state, .finished(server: "gekkovet", operation: .login, message: "gekkovet: logged in", failed: false))
                == [.reload, .checkHealth(["gekkovet"], round: state.healthRound)], "a new credential is checked at once")
        #expect(state.overlay == nil && state.busy["gekkovet"] == .check, "the row shows the re-check")
    }

    @Test("logout and rollback ask first; n changes nothing, y runs the effect")
    func confirmations() throws {
        var state = try state()
        state.selectedName = "gekkovet"
        #expect(Reducer.reduce(&state, .key(.character("o"))).isEmpty)
        #expect(Reducer.reduce(&state, .key(.character("n"))).isEmpty)
        #expect(state.overlay == nil)
        _ = Reducer.reduce(&state, .key(.character("o")))
        #expect(Reducer.reduce(&state, .key(.character("y"))) == [.logout("gekkovet", forgetRegistration: false)])
    }

    @Test("R takes a masked value and rotates on Enter; Esc cancels")
    func rotate() throws {
        var state = try state()
        state.selectedName = "bearer-tools"
        _ = Reducer.reduce(&state, .key(.character("R")))
        #expect(state.overlay == .rotate(server: "bearer-tools", field: "token", typed: ""))
        #expect(Reducer.reduce(&state, .key(.enter)).isEmpty, "an empty value is refused")
        for character in "new" { _ = Reducer.reduce(&state, .key(.character(character))) }
        _ = Reducer.reduce(&state, .key(.backspace))
        #expect(Reducer.reduce(&state, .key(.enter)) == [.rotate(server: "bearer-tools", field: "token", value: "ne")])
    }

    @Test("/ filters by name or tag; Esc clears; s cycles the sort; a groups by tag")
    func filterSortGroup() throws {
        var state = try state()
        _ = Reducer.reduce(&state, .key(.character("/")))
        for character in "dev" { _ = Reducer.reduce(&state, .key(.character(character))) }
        #expect(state.visibleServers.map(\.name) == ["bearer-tools", "eka-dev"])
        _ = Reducer.reduce(&state, .key(.escape))
        #expect(state.visibleServers.count == 4 && !state.editingFilter)
        _ = Reducer.reduce(&state, .key(.character("s")))
        #expect(state.sort == .status)
        #expect(state.visibleServers.first?.name == "eka-dev", "signed out sorts before not-checked")
        _ = Reducer.reduce(&state, .key(.character("s")))
        #expect(state.visibleServers.first?.name == "gekkovet", "the only expiry sorts first")
        _ = Reducer.reduce(&state, .key(.character("a")))
        #expect(state.grouped)
        #expect(Renderer.render(state).lines.contains { $0.hasPrefix("dev") })
    }

    @Test("t opens triage and diagnoses; f runs the fix it proposes")
    func triageFix() throws {
        var state = try state()
        state.selectedName = "gekkovet"
        #expect(Reducer.reduce(&state, .key(.character("t"))) == [.diagnose("gekkovet")])
        #expect(state.screen == .triage)
        let report = try JSONDecoder().decode(TriageReport.self, from: Data(#"""
            {"server": "gekkovet", "authMethod": "oauth", "probe": {"url": "u", "sentCredential": true, "challenges": []},
             "challenges": [], "headerProblems": [], "discovery": [], "checks": [],
             "verdict": "The token for gekkovet has expired.", "fix": "mcpdash refresh gekkovet", "remedy": {"refresh": {}}}
            """#.utf8))
        _ = Reducer.reduce(&state, .triaged(report))
        #expect(Reducer.reduce(&state, .key(.character("f"))) == [.refresh("gekkovet")])
        _ = Reducer.reduce(&state, .key(.escape))
        #expect(state.screen == .servers)
    }

    @Test("the command line takes the CLI's verbs")
    func commandLine() throws {
        var state = try state()
        _ = Reducer.reduce(&state, .key(.character(":")))
        for character in "whoami gekkovet" { _ = Reducer.reduce(&state, .key(.character(character))) }
        #expect(Reducer.reduce(&state, .key(.enter)) == [.whoami("gekkovet")])
        _ = Reducer.reduce(&state, .key(.character(":")))
        for character in "theme light" { _ = Reducer.reduce(&state, .key(.character(character))) }
        #expect(Reducer.reduce(&state, .key(.enter)) == [.loadTheme("light")])
        _ = Reducer.reduce(&state, .key(.character(":")))
        for character in "frobnicate" { _ = Reducer.reduce(&state, .key(.character(character))) }
        #expect(Reducer.reduce(&state, .key(.enter)).isEmpty)
        #expect(state.message?.failed == true)
        _ = Reducer.reduce(&state, .key(.character(":")))
        for character in "use gekkovet clinic-b" { _ = Reducer.reduce(&state, .key(.character(character))) }
        #expect(Reducer.reduce(&state, .key(.enter)) == [.useAccount(server: "gekkovet", account: "clinic-b")])
        _ = Reducer.reduce(&state, .key(.character(":")))
        _ = Reducer.reduce(&state, .key(.character("q")))
        #expect(Reducer.reduce(&state, .key(.enter)) == [.quit])
    }

    @Test("a tick refreshes a token inside the margin once, and re-checks health on the interval")
    func ticks() throws {
        var state = AppState(now: DashboardFixture.now, size: Size(width: 80, height: 24))
        _ = Reducer.start(&state)
        _ = Reducer.reduce(&state, .loaded(try DashboardFixture.servers()))
        #expect(Reducer.reduce(&state, .tick(DashboardFixture.now.addingTimeInterval(1))).isEmpty)
        // 41m12s left: due when 60 s remain.
        let due = DashboardFixture.now.addingTimeInterval(41 * 60 + 12 - 59)
        #expect(Reducer.reduce(&state, .tick(due)) == [.loadAgent, .checkHealth([], round: 2), .refresh("gekkovet")])
        #expect(Reducer.reduce(&state, .tick(due.addingTimeInterval(1))).isEmpty, "not again while it runs")
    }

    @Test("the agent's status is read at start and every 10 s; a new action of the agent reloads the table; the title bar shows it")
    func agentStatus() throws {
        var state = AppState(now: DashboardFixture.now, size: Size(width: 120, height: 24))
        #expect(Reducer.start(&state) == [.reload, .loadAgent])
        _ = Reducer.reduce(&state, .loaded(try DashboardFixture.servers()))
        #expect(!Reducer.reduce(&state, .tick(DashboardFixture.now.addingTimeInterval(5))).contains(.loadAgent))
        #expect(Reducer.reduce(&state, .tick(DashboardFixture.now.addingTimeInterval(10))).contains(.loadAgent))
        var agent = AgentStatus(pid: 4242, startedAt: DashboardFixture.now.addingTimeInterval(-3600), metricsAddress: "127.0.0.1:9464")
        agent.heartbeatAt = DashboardFixture.now.addingTimeInterval(8)
        agent.lastAction = "refreshed gekkovet (refresh_token): expires in 59m0s"
        agent.lastActionAt = DashboardFixture.now.addingTimeInterval(7)
        #expect(Reducer.reduce(&state, .agentLoaded(agent)) == [.reload], "a new action: the table is read again")
        #expect(Reducer.reduce(&state, .agentLoaded(agent)).isEmpty, "nothing new: nothing to read")
        let title = Renderer.render(state).lines[0]
        #expect(title.contains("agent: refreshed gekkovet (refresh_token): expires in 59m0s, 3s ago"), "\(title)")
        state.profile = "production"
        #expect(Renderer.render(state).lines[0].hasPrefix(" mcpdash [production] · "), "the profile is named first")
        agent.stoppedAt = DashboardFixture.now.addingTimeInterval(9)
        _ = Reducer.reduce(&state, .agentLoaded(agent))
        #expect(Renderer.render(state).lines[0].contains("agent not running"))
    }

    @Test("e shows the selected server's events, e again all of them; T asks for the next theme; ? toggles help; q quits")
    func screens() throws {
        var state = try state()
        state.selectedName = "gekkovet"
        #expect(Reducer.reduce(&state, .key(.character("e"))) == [.loadEvents("gekkovet")])
        #expect(Reducer.reduce(&state, .key(.character("e"))) == [.loadEvents(nil)])
        #expect(Reducer.reduce(&state, .key(.character("T"))) == [.loadTheme("light")])
        _ = Reducer.reduce(&state, .key(.character("?")))
        #expect(state.screen == .help)
        _ = Reducer.reduce(&state, .key(.character("?")))
        #expect(state.screen == .events)
        #expect(Reducer.reduce(&state, .key(.character("q"))) == [.quit])
        #expect(Reducer.reduce(&state, .key(.control("c"))) == [.quit])
    }

    @Test("resize changes the size the next frame is drawn at")
    func resize() throws {
        var state = try state()
        _ = Reducer.reduce(&state, .resize(Size(width: 100, height: 30)))
        #expect(Renderer.render(state).lines.count == 30)
    }

    @Test("a status-bar message clears itself after a few seconds")
    func messageExpires() throws {
        var state = try state()
        _ = Reducer.reduce(&state, .key(.character("s")))
        #expect(state.message?.text == "sorted by status")
        _ = Reducer.reduce(&state, .tick(DashboardFixture.now.addingTimeInterval(3)))
        #expect(state.message != nil)
        _ = Reducer.reduce(&state, .tick(DashboardFixture.now.addingTimeInterval(AppState.messageLifetime + 1)))
        #expect(state.message == nil)
    }

    @Test("Enter opens the detail pane and loads the server's journal; its recent errors show there")
    func detailLoadsEvents() throws {
        var state = try state()
        state.selectedName = "gekkovet"
        #expect(Reducer.reduce(&state, .key(.enter)) == [.loadEvents("gekkovet")])
        #expect(Reducer.reduce(&state, .key(.character("k"))) == [.loadEvents("files")])
        #expect(Reducer.reduce(&state, .key(.character("j"))) == [.loadEvents("gekkovet")])
        let failure = JournalEvent(time: DashboardFixture.now.addingTimeInterval(-90), server: "gekkovet", operation: .whoami,
                                   outcome: .failure, httpStatus: 401, challenge: #"Bearer error="invalid_token""#, message: "Unauthorized")
        _ = Reducer.reduce(&state, .eventsLoaded([failure]))
        let screen = Renderer.render(state).lines.joined(separator: "\n")
        #expect(screen.contains("1m30s ago whoami HTTP 401 Unauthorized"), "\(screen)")
        #expect(screen.contains("challenge: Bearer: error invalid_token"))
        #expect(Reducer.reduce(&state, .key(.enter)).isEmpty)
    }
}

