import Foundation
@testable import MCPDashCore
import Synchronization
import Testing
@testable import MCPDashUI

/// The dashboard's loop against `InMemoryTerminal`: frames, ticks by its clock, quitting, the
/// terminal's own effects, clicks resolved on the frame drawn, and results coming back.
@Suite("the dashboard loop")
struct DashboardLoopTests {
    /// Records effects; answers `.reload` with the fixture's servers and `.loadTheme` with a theme.
    final class RecordingPerformer: EffectPerformer, @unchecked Sendable {
        let queue: ActionQueue
        let servers: [ServerOverview]
        private let log = Mutex<[Effect]>([])
        var changed = false
        init(queue: ActionQueue, servers: [ServerOverview]) {
            self.queue = queue
            self.servers = servers
        }
        var effects: [Effect] { log.withLock { $0 } }
        /// The screen as the terminal shows it, read when each effect starts.
        var screen: () -> [String] = { [] }
        private(set) var screensAtStart: [(effect: Effect, screen: [String])] = []
        var isBusy: Bool { false }
        func run(_ effect: Effect) {
            log.withLock { $0.append(effect) }
            screensAtStart.append((effect, screen()))
            switch effect {
            case .reload: queue.push(.loaded(servers))
            case .loadTheme(let name): queue.push(.themeLoaded(name == "light" ? Theme.monochrome : nil, message: "theme \(name)"))
            default: break
            }
        }
        func configChangedOnDisk() -> Bool {
            defer { changed = false }
            return changed
        }
        func performOutside(_ effect: Effect) -> Action {
            log.withLock { $0.append(effect) }
            return .finished(server: nil, operation: .edit, message: "config saved", failed: false)
        }
    }

    /// A loop over `input` whose clock moves by each read's timeout.
    func loop(_ input: [TerminalInput?], configChanges: Bool = false) throws -> (DashboardLoop, InMemoryTerminal, RecordingPerformer) {
        let servers = try DashboardFixture.servers()
        let queue = ActionQueue()
        let performer = RecordingPerformer(queue: queue, servers: servers)
        performer.changed = configChanges
        let terminal = InMemoryTerminal(size: Size(width: 100, height: 30), input: input)
        performer.screen = { terminal.screen }
        let clock = Mutex(DashboardFixture.now)
        terminal.onRead = { milliseconds in clock.withLock { $0 += Double(milliseconds) / 1000 } }
        var state = AppState(now: DashboardFixture.now, size: terminal.size)
        let initial = Reducer.start(&state)
        let loop = DashboardLoop(terminal: terminal, performer: performer, queue: queue, state: state, now: { clock.withLock { $0 } })
        loop.run(initialEffects: initial)
        return (loop, terminal, performer)
    }

    @Test("the first frame, then one frame per change; ticks follow the clock; q ends the loop")
    func framesTicksQuit() throws {
        let idle = Array(repeating: TerminalInput?.none, count: 12)
        let (loop, terminal, performer) = try loop(idle + [.key(.character("q"))])
        #expect(performer.effects.first == .reload && performer.effects.contains(.loadAgent))
        #expect(terminal.screen.contains { $0.contains("gekkovet") }, "the servers are on screen")
        #expect(loop.state.now > DashboardFixture.now, "the ticks moved the state's clock")
        #expect(loop.stats.ticks >= 1 && loop.stats.frames == terminal.frames.count)
        #expect(terminal.waits.allSatisfy { (0...1001).contains($0) }, "the loop never sleeps past a tick: \(terminal.waits)")
        #expect(terminal.input.isEmpty, "q was read last")
    }

    @Test("an effect starts after the frame showing its cause: the servers are on screen before their first health check")
    func effectsAfterTheirFrame() throws {
        let (_, _, performer) = try loop([nil, nil, .key(.character("q"))])
        let check = try #require(performer.screensAtStart.first { if case .checkHealth = $0.effect { true } else { false } })
        #expect(check.screen.contains { $0.contains("gekkovet") }, "the table was drawn first: \(check.screen.prefix(3))")
    }

    @Test("idle, the loop wakes just past each second and no more; waiting actions and running effects shorten the wait")
    func waits() {
        let second = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(DashboardLoop.wait(busy: false, pending: false, now: second) == 1001)
        #expect(DashboardLoop.wait(busy: false, pending: false, now: second.addingTimeInterval(0.25)) == 751)
        #expect(DashboardLoop.wait(busy: false, pending: false, now: second.addingTimeInterval(0.9995)) == 10)
        #expect(DashboardLoop.wait(busy: true, pending: false, now: second) == 10)
        #expect(DashboardLoop.wait(busy: true, pending: true, now: second) == 0)
        #expect(DashboardLoop.wait(busy: false, pending: true, now: second.addingTimeInterval(0.5)) == 0)
    }

    @Test("copy, suspend and the editor are the terminal's; a theme change reaches it; results come back as actions")
    func terminalEffects() throws {
        let keys: [TerminalInput?] = [nil, nil, .key(.character("T")), nil,
                                      .key(.control("z")), nil,
                                      .key(.character(":")), .key(.character("t")), .key(.character("h")), .key(.character("e")),
                                      .key(.character("m")), .key(.character("e")), .key(.character(" ")), .key(.character("l")),
                                      .key(.character("i")), .key(.character("g")), .key(.character("h")), .key(.character("t")), .key(.enter), nil,
                                      .key(.character("q"))]
        let (loop, terminal, performer) = try loop(keys)
        #expect(terminal.suspensions == 1)
        #expect(terminal.theme == Theme.monochrome, "the theme the effect loaded was handed to the terminal")
        #expect(performer.effects.contains(.loadTheme("light")))
        #expect(loop.state.message?.text.contains("theme") == true)
    }

    @Test("a click lands on what the last frame drew there; a changed config asks to be read again")
    func clicksAndReload() throws {
        // Find where the last row is drawn, then click it in a second run.
        let (_, first, _) = try loop([nil, nil, .key(.character("q"))])
        let frame = try #require(first.frames.last)
        let rows = frame.lines.enumerated().filter { $0.element.contains("files") }.map(\.offset)
        let y = try #require(rows.first)
        let (loop, _, performer) = try loop([nil, nil, .click(x: 5, y: y), nil, .key(.character("q"))], configChanges: true)
        #expect(loop.state.selectedName == "files")
        #expect(performer.effects.contains(.reloadConfig), "the watcher's change became a reload")
    }

    @Test("f on a config fix hands the terminal to the editor and reports what happened")
    func editorHandover() throws {
        let servers = try DashboardFixture.servers()
        let queue = ActionQueue()
        let performer = RecordingPerformer(queue: queue, servers: servers)
        let terminal = InMemoryTerminal(size: Size(width: 100, height: 30), input: [nil, .key(.character("f")), nil, .key(.character("q"))])
        var state = DashboardFixture.state(servers, width: 100, height: 30)
        state.screen = .triage
        state.triage = TriageReport(server: "gekkovet", authMethod: "oauth",
                                    probe: .init(url: "u", status: 401, sentCredential: true, serverDate: nil, challenges: [], error: nil),
                                    challenges: [], headerProblems: [], discovery: [], checks: [], verdict: "v",
                                    remedy: .editConfig("set auth.scheme for gekkovet in the config"))
        state.selectedName = "gekkovet"
        let loop = DashboardLoop(terminal: terminal, performer: performer, queue: queue, state: state)
        loop.run(initialEffects: [])
        #expect(terminal.handovers == 1)
        #expect(performer.effects.contains(.editConfig(dotEnv: false)))
        #expect(loop.state.message?.text == "config saved")
    }
}
