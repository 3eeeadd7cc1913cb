import Foundation
import Metrics
import Synchronization

/// The refresh agent's metrics, through whatever swift-metrics factory it is given (Prometheus
/// in `mcpdash agent`, a test factory in tests); nothing is bootstrapped globally.
///
/// Labels carry server names, account names, secret field names and reasons, never a value,
/// fragment or fingerprint of a secret. Counters are created at zero for every reason and
/// outcome of a server, so a rate over them is defined before the first failure; every series
/// of a server is destroyed when it leaves the config, and a token's when the token goes.
public final class AgentMetrics: Sendable {
    /// The metric names, as Prometheus shows them.
    public enum Name: String, CaseIterable, Sendable {
        /// When a token expires (Unix seconds), per server and account.
        case tokenExpiry = "mcpdash_token_expiry_timestamp_seconds"
        /// 1 while a token is past its renewal time and not renewed yet.
        case renewalDue = "mcpdash_token_renewal_due"
        /// 1 while the latest renewal attempt of a token failed.
        case refreshFailing = "mcpdash_refresh_failing"
        /// 1 when the latest health check succeeded.
        case serverUp = "mcpdash_server_up"
        /// When the latest health check finished (Unix seconds).
        case checkTimestamp = "mcpdash_server_check_timestamp_seconds"
        /// 1 for the reason the latest check failed, 0 for the others.
        case serverFailure = "mcpdash_server_failure"
        /// Failed checks and renewals, by reason.
        case authFailures = "mcpdash_auth_failures_total"
        /// Renewals by the agent, by outcome.
        case refreshes = "mcpdash_refresh_total"
        /// Initialize plus ping of a health check.
        case requestDuration = "mcpdash_request_duration_seconds"
        /// Seconds since mcpdash last replaced a secret.
        case secretAge = "mcpdash_secret_age_seconds"
        /// The rotation policy of a server's secrets, in seconds.
        case rotationPolicy = "mcpdash_secret_rotation_policy_seconds"
        /// Config entries that cannot be read (the other servers work).
        case brokenEntries = "mcpdash_config_broken_entries"
        /// 1 when the latest read of a changed config succeeded, 0 while the agent keeps an older one.
        case configApplied = "mcpdash_config_last_reload_success"
    }

    /// The outcome of a renewal, as the `outcome` label says it.
    public enum RefreshOutcome: String, CaseIterable, Sendable {
        case success, failure
    }

    /// One series: a name and its labels (server first, when it has one).
    struct Series: Hashable, Sendable {
        let name: Name
        let labels: [String]
        let server: String?
        let account: String?

        var dimensions: [(String, String)] {
            stride(from: 0, to: labels.count, by: 2).map { (labels[$0], labels[$0 + 1]) }
        }
    }

    private let factory: any MetricsFactory
    private let gauges = Mutex<[Series: Gauge]>([:])
    private let counters = Mutex<[Series: Counter]>([:])
    private let timers = Mutex<[Series: Metrics.Timer]>([:])

    /// Metrics made by `factory`.
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    // MARK: - Servers

    /// Creates the counters of `server` at zero (every reason, every outcome) and its failure gauges at 0.
    public func prepare(server: String) {
        for reason in AuthFailureReason.allCases {
            _ = counter(Series(name: .authFailures, labels: ["server", server, "reason", reason.rawValue], server: server, account: nil))
            gauge(Series(name: .serverFailure, labels: ["server", server, "reason", reason.rawValue], server: server, account: nil), startAtZero: true)
        }
        for outcome in RefreshOutcome.allCases {
            _ = counter(Series(name: .refreshes, labels: ["server", server, "outcome", outcome.rawValue], server: server, account: nil))
        }
    }

    /// Destroys every series of a server not in `servers`.
    public func retain(servers: Set<String>) {
        destroy { series in series.server.map { !servers.contains($0) } ?? false }
    }

    /// Destroys the token series (expiry, renewal due, failing) of every server/account pair not in `tokens`.
    public func retain(tokens: Set<TokenKey>) {
        destroy { series in
            guard let server = series.server, let account = series.account else { return false }
            return !tokens.contains(TokenKey(server: server, account: account))
        }
    }

    // MARK: - Tokens

    /// A server and account: the key of a token's series.
    public struct TokenKey: Hashable, Sendable {
        /// The server.
        public let server: String
        /// The account.
        public let account: String

        /// Creates a key.
        public init(server: String, account: String) {
            self.server = server
            self.account = account
        }
    }

    /// Records when the token of `key` expires, whether its renewal is due, and whether the last attempt failed.
    public func token(_ key: TokenKey, expiresAt: Date?, renewalDue: Bool, failing: Bool) {
        let labels = ["server", key.server, "account", key.account]
        let expiry = Series(name: .tokenExpiry, labels: labels, server: key.server, account: key.account)
        if let expiresAt {
            set(expiry, expiresAt.timeIntervalSince1970)
        } else {
            gauges.withLock { $0.removeValue(forKey: expiry) }?.destroy()
        }
        set(Series(name: .renewalDue, labels: labels, server: key.server, account: key.account), renewalDue ? 1 : 0)
        set(Series(name: .refreshFailing, labels: labels, server: key.server, account: key.account), failing ? 1 : 0)
    }

    /// Counts one renewal by the agent; a failure with an auth reason also counts as an auth failure.
    public func refreshed(server: String, outcome: RefreshOutcome, reason: AuthFailureReason? = nil) {
        counter(Series(name: .refreshes, labels: ["server", server, "outcome", outcome.rawValue], server: server, account: nil)).increment()
        if let reason { authFailure(server: server, reason: reason) }
    }

    // MARK: - Health

    /// Records a health check that finished at `now`; a disabled or unreadable server records nothing.
    public func checked(_ report: HealthReport, at now: Date) {
        guard [.ok, .unauthorized, .failed].contains(report.outcome) else { return }
        let server = report.server
        set(Series(name: .serverUp, labels: ["server", server], server: server, account: nil), report.outcome == .ok ? 1 : 0)
        set(Series(name: .checkTimestamp, labels: ["server", server], server: server, account: nil), now.timeIntervalSince1970)
        for reason in AuthFailureReason.allCases {
            set(Series(name: .serverFailure, labels: ["server", server, "reason", reason.rawValue], server: server, account: nil),
                report.failureReason == reason ? 1 : 0)
        }
        if let reason = report.failureReason { authFailure(server: server, reason: reason) }
        if report.outcome == .ok, let milliseconds = report.latencyMilliseconds {
            timer(Series(name: .requestDuration, labels: ["server", server], server: server, account: nil))
                .recordNanoseconds(Int64(milliseconds * 1_000_000))
        }
    }

    private func authFailure(server: String, reason: AuthFailureReason) {
        counter(Series(name: .authFailures, labels: ["server", server, "reason", reason.rawValue], server: server, account: nil)).increment()
    }

    // MARK: - Secrets and config

    /// Records the age of a secret mcpdash last replaced `seconds` ago.
    public func secretAge(server: String, field: String, seconds: TimeInterval) {
        set(Series(name: .secretAge, labels: ["server", server, "field", field], server: server, account: nil), max(0, seconds))
    }

    /// Records the rotation policy of `server`'s secrets.
    public func rotationPolicy(server: String, days: Int) {
        set(Series(name: .rotationPolicy, labels: ["server", server], server: server, account: nil), Double(days) * 86_400)
    }

    /// Records the state of the config: how many entries are broken, and whether the latest change was applied.
    public func config(brokenEntries: Int, applied: Bool) {
        set(Series(name: .brokenEntries, labels: [], server: nil, account: nil), Double(brokenEntries))
        set(Series(name: .configApplied, labels: [], server: nil, account: nil), applied ? 1 : 0)
    }

    // MARK: - Series

    private func set(_ series: Series, _ value: Double) {
        gauge(series, startAtZero: false).record(value)
    }

    @discardableResult
    private func gauge(_ series: Series, startAtZero: Bool) -> Gauge {
        gauges.withLock { gauges in
            if let gauge = gauges[series] { return gauge }
            let gauge = Gauge(label: series.name.rawValue, dimensions: series.dimensions, factory: factory)
            if startAtZero { gauge.record(0) }
            gauges[series] = gauge
            return gauge
        }
    }

    private func counter(_ series: Series) -> Counter {
        counters.withLock { counters in
            if let counter = counters[series] { return counter }
            let counter = Counter(label: series.name.rawValue, dimensions: series.dimensions, factory: factory)
            counters[series] = counter
            return counter
        }
    }

    private func timer(_ series: Series) -> Metrics.Timer {
        timers.withLock { timers in
            if let timer = timers[series] { return timer }
            let timer = Metrics.Timer(label: series.name.rawValue, dimensions: series.dimensions, factory: factory)
            timers[series] = timer
            return timer
        }
    }

    private func destroy(where doomed: (Series) -> Bool) {
        gauges.withLock { gauges in
            for (series, gauge) in gauges where doomed(series) { gauge.destroy(); gauges[series] = nil }
        }
        counters.withLock { counters in
            for (series, counter) in counters where doomed(series) { counter.destroy(); counters[series] = nil }
        }
        timers.withLock { timers in
            for (series, timer) in timers where doomed(series) { timer.destroy(); timers[series] = nil }
        }
    }
}
