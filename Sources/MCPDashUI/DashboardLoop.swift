import Foundation
import MCPDashCore

/// The dashboard's loop: draws when the state changed, reads input, ticks once a second, feeds
/// every action through `Reducer.reduce`, does the terminal's own effects (copy, suspend, the
/// editor, a theme) and hands the rest to the performer. It knows no curses and no core
/// operation, so it is tested against `InMemoryTerminal`.
public final class DashboardLoop {
    private let terminal: any TerminalBackend
    private let performer: any EffectPerformer
    private let queue: ActionQueue
    private let now: () -> Date
    private let started: ContinuousClock.Instant
    /// The state as the loop left it.
    public private(set) var state: AppState
    /// What the loop measured about itself.
    public private(set) var stats: DashboardStats
    /// The last frame drawn, which says what a click lands on.
    private var frame: Buffer?

    /// A loop over `terminal`; `now` is the clock the ticks follow.
    public init(terminal: any TerminalBackend, performer: any EffectPerformer, queue: ActionQueue, state: AppState,
                stats: DashboardStats = DashboardStats(), started: ContinuousClock.Instant = .now, now: @escaping () -> Date = Date.init) {
        self.terminal = terminal
        self.performer = performer
        self.queue = queue
        self.state = state
        self.stats = stats
        self.started = started
        self.now = now
    }

    /// Runs until an effect asks to quit or `shouldStop` says so; `initialEffects` start once the first frame is drawn.
    public func run(initialEffects: [Effect], shouldStop: () -> Bool = { false }) {
        var dirty = true
        var second = Int(now().timeIntervalSince1970)
        // Effects start after the frame that shows their cause is drawn: a key's answer is on
        // screen before its work competes for the CPU, and the first frame before the first
        // health check of every server (which used to delay it).
        var waiting = initialEffects
        while !shouldStop() {
            if dirty {
                let rendered = Renderer.render(state)
                terminal.draw(rendered)
                frame = rendered
                dirty = false
                stats.frames += 1
                if stats.firstFullFrameMilliseconds == nil, !state.servers.isEmpty {
                    stats.firstFullFrameMilliseconds = (ContinuousClock.now - started).milliseconds
                    _ = terminal.takeWrittenCount()
                }
            }
            start(waiting)
            waiting = []
            var actions: [Action] = []
            let wait = Self.wait(busy: performer.isBusy, pending: !queue.isEmpty, now: now())
            switch terminal.read(timeoutMilliseconds: wait) {
            case .key(let key)?: actions.append(.key(key))
            case .resize(let size)?: actions.append(.resize(size))
            case .click(let x, let y)?: actions.append(.click(frame?.target(x: x, y: y)))
            case .wheel(let rows)?: actions.append(.scroll(rows))
            case nil: break
            }
            actions += queue.drain()
            let time = now()
            if Int(time.timeIntervalSince1970) != second {
                second = Int(time.timeIntervalSince1970)
                actions.append(.tick(time))
                if stats.firstFullFrameMilliseconds != nil { stats.ticks += 1 }
                if performer.configChangedOnDisk() { actions.append(.configChanged) }
            }
            stats.bytesWritten += terminal.takeWrittenCount()
            for action in actions {
                if case .themeLoaded(let theme?, _) = action { terminal.setTheme(theme) }
                let effects = Reducer.reduce(&state, action)
                dirty = true
                if effects.contains(.quit) { return }
                waiting += effects
            }
        }
    }

    /// How long to wait for input, in milliseconds: not at all while actions are waiting, 10 ms
    /// while effects run (their results come through the queue), else until just past the next
    /// second, when the tick changes the countdowns and the clock. An idle dashboard wakes once
    /// a second and never more.
    static func wait(busy: Bool, pending: Bool, now: Date) -> Int {
        if pending { return 0 }
        if busy { return 10 }
        let fraction = now.timeIntervalSince1970 - now.timeIntervalSince1970.rounded(.down)
        return max(10, Int((1 - fraction) * 1000) + 1)
    }

    /// Does the terminal's own effects here and hands the rest to the performer.
    private func start(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .copy(let text):
                terminal.copy(text)
            case .suspend:
                terminal.suspend()
                queue.push(.resize(terminal.size))
            case .editConfig:
                var result: Action?
                terminal.runOutside { result = performer.performOutside(effect) }
                if let result { queue.push(result) }
                queue.push(.resize(terminal.size))
            case .quit:
                break
            default:
                performer.run(effect)
            }
        }
    }
}
