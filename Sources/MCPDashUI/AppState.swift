import Foundation
import MCPDashCore

/// Everything the dashboard shows, in one value: `reduce` changes it, `render` draws it.
public struct AppState: Sendable {
    /// What is known about each server, in config order.
    public var servers: [ServerOverview] = []
    /// The latest health check of each server this session.
    public var health: [String: HealthReport] = [:]
    /// The number of the latest health-check request.
    public var healthRound = 0
    /// Per server, the first health-check round that saw its current credential; reports of
    /// earlier rounds are stale.
    public var freshFromRound: [String: Int] = [:]
    /// The latest whoami of each server this session.
    public var whoami: [String: WhoAmIReport] = [:]
    /// Operations running, by server.
    public var busy: [String: OperationKind] = [:]
    /// The triage shown on the triage screen.
    public var triage: TriageReport?
    /// The journal shown on the events screen.
    public var events: [JournalEvent] = []
    /// Which server the events screen shows (all when nil).
    public var eventsServer: String?
    /// The current time (ticks once a second).
    public var now: Date
    /// The terminal size.
    public var size: Size
    /// The current screen.
    public var screen: Screen = .servers
    /// The screen to return to from help.
    public var previousScreen: Screen = .servers
    /// An overlay taking the keys, when open.
    public var overlay: Overlay?
    /// The selected server's name.
    public var selectedName: String?
    /// The table filter (`/`).
    public var filter = ""
    /// Whether keys go to the filter.
    public var editingFilter = false
    /// The sort order.
    public var sort: SortOrder = .name
    /// Whether rows are grouped by their first tag.
    public var grouped = false
    /// A one-line message for the status bar, and whether it reports a failure; it clears itself.
    public var message: (text: String, failed: Bool)? {
        didSet { messageShownAt = message == nil ? nil : now }
    }
    /// When the message appeared.
    public var messageShownAt: Date?
    /// Seconds a message stays in the status bar.
    public static let messageLifetime: TimeInterval = 8
    /// A revealed secret and its server, shown until the next key.
    public var revealed: (server: String, value: String)?
    /// Whether the terminal can show Unicode glyphs (else ASCII stand-ins).
    public var unicode = true
    /// The names of the themes `T` cycles through.
    public var themeNames: [String] = ["dark", "light", "high-contrast", "monochrome"]
    /// The current theme's name.
    public var themeName = "dark"
    /// Seconds before expiry at which a countdown turns amber.
    public var warnSeconds = 300
    /// Seconds before expiry at which a token is refreshed.
    public var refreshMarginSeconds = 60
    /// Seconds between automatic health checks of every server.
    public var healthCheckIntervalSeconds = 300
    /// Scroll offset of long screens (triage, events, help).
    public var scroll = 0
    /// When every server was last health-checked.
    public var lastHealthCheck: Date?
    /// When each server was last refreshed automatically.
    public var autoRefreshed: [String: Date] = [:]
    /// The profile whose `.env.PROFILE` the config was read with, if any.
    public var profile: String?
    /// The refresh agent's latest status, when one ever ran here.
    public var agent: AgentStatus?
    /// When the agent's status was last read.
    public var agentLoadedAt: Date?
    /// Seconds between two reads of the agent's status.
    public static let agentPollSeconds: TimeInterval = 10
    /// A server to log in to once its logout (a "forget registration" fix) is done.
    public var pendingLoginAfterLogout: String?
    /// The events view's filter (`/` there).
    public var eventsFilter = ""
    /// The selected event: its index in `visibleEvents`.
    public var eventIndex = 0
    /// Lines run on the `:` command line, oldest first (↑ recalls them).
    public var commandHistory: [String] = []
    /// Which history line the command line shows while ↑/↓ browse it.
    public var historyPosition: Int?
    /// What Tab could complete the command line's last word to, when it was ambiguous.
    public var completions: [String] = []
    /// How many lines the command history keeps.
    public static let historyLimit = 100

    /// Creates the state at `now` for a terminal of `size`.
    public init(now: Date, size: Size) {
        self.now = now
        self.size = size
    }

    /// The rows the table shows: filtered, sorted (and grouped).
    public var visibleServers: [ServerOverview] {
        let servers = servers
        return visibleRows.map { servers[$0] }
    }

    /// The positions in `servers` of the rows the table shows, in order: what a frame uses, so
    /// that only the rows on screen are ever read.
    public var visibleRows: [Int] {
        let needle = filter.lowercased()
        // Positions are filtered and sorted, not the overviews: a tick sorts every row, and
        // moving an overview copies all its fields.
        let servers = servers
        // Byte search, not Foundation's `contains`: a frame filters every row, and Foundation's
        // goes through CFString and ICU (about 4,800 instructions a call).
        func matches(_ text: String) -> Bool { UTF8Search.contains(needle, in: text.lowercased()) }
        var rows = needle.isEmpty ? Array(servers.indices) : servers.indices.filter { index in
            matches(servers[index].name) || servers[index].summary.tags.contains(where: matches) || matches(servers[index].summary.auth)
        }
        switch sort {
        case .name: rows.sort { servers[$0].name < servers[$1].name }
        case .status:
            let statuses = Dictionary(uniqueKeysWithValues: rows.map { ($0, status(of: servers[$0])) })
            rows.sort { (statuses[$0]!, servers[$0].name) < (statuses[$1]!, servers[$1].name) }
        case .expiry:
            rows.sort { (servers[$0].session?.expiresAt ?? .distantFuture, servers[$0].name) < (servers[$1].session?.expiresAt ?? .distantFuture, servers[$1].name) }
        case .errors: rows.sort { (servers[$1].failureCount, servers[$0].name) < (servers[$0].failureCount, servers[$1].name) }
        }
        if grouped {
            let groups = Dictionary(uniqueKeysWithValues: rows.map { ($0, group(of: servers[$0])) })
            // A stable sort by group keeps the order within each group.
            rows = rows.enumerated().sorted { (groups[$0.element]!, $0.offset) < (groups[$1.element]!, $1.offset) }.map(\.element)
        }
        return rows
    }

    /// The events the events view lists: the journal, filtered by any of its text.
    public var visibleEvents: [JournalEvent] {
        let needle = eventsFilter.lowercased()
        guard !needle.isEmpty else { return events }
        return events.filter { event in
            let fields: [String] = [event.server ?? "", event.account ?? "", event.operation.rawValue, event.outcome.rawValue, event.message,
                                    event.httpStatus.map(String.init) ?? ""]
            return fields.contains { $0.lowercased().contains(needle) }
        }
    }

    /// The group a row falls in when grouping: its first tag.
    public func group(of server: ServerOverview) -> String { server.summary.tags.first ?? "untagged" }

    /// The selected server, when one is visible.
    public var selected: ServerOverview? {
        let rows = visibleRows
        guard let first = rows.first else { return nil }
        return servers[rows.first { servers[$0].name == selectedName } ?? first]
    }

    /// How many servers are failing, as `countFailing` last counted them (the title bar's figure); nil until then.
    public private(set) var failingCount: Int?
    /// Until when `failingCount` holds while only the clock moves: the next expiry, or start of
    /// an expiry warning, of a session without a refresh token (the only way time alone changes a status).
    private var failingCountHoldsUntil: Date = .distantPast
    /// When `failingCount` was counted (a clock set back counts again).
    private var failingCountedAt: Date = .distantPast

    /// Counts the failing servers again, unless only the clock moved (`clockOnly`) and no status
    /// can have changed with it: the title bar's count then costs nothing a tick, where counting
    /// 1,000 servers every second was most of an idle dashboard's work.
    mutating func countFailing(clockOnly: Bool) {
        if clockOnly, failingCount != nil, now >= failingCountedAt, now < failingCountHoldsUntil { return }
        var count = 0
        var holdsUntil = Date.distantFuture
        for index in servers.indices {
            if status(of: servers[index]) == .failing { count += 1 }
            guard let session = servers[index].session, session.refreshObtainedAt == nil, let expiry = session.expiresAt else { continue }
            let warning = expiry.addingTimeInterval(-TimeInterval(warnSeconds))
            if warning > now { holdsUntil = min(holdsUntil, warning) }
            if expiry > now { holdsUntil = min(holdsUntil, expiry) }
        }
        failingCount = count
        failingCountHoldsUntil = holdsUntil
        failingCountedAt = now
    }

    /// The status glyph of `server` now (the core's classification, with this session's checks).
    public func status(of server: ServerOverview) -> ServerStatus {
        ServerCondition.classify(server, health: health[server.name], busy: busy[server.name] != nil, now: now, warnSeconds: warnSeconds)
    }
}
