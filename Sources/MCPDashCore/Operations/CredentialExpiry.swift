import Foundation

/// The one thing worth knowing about when a server's credential runs out: what the dashboard's
/// EXPIRES column and `mcpdash list` both show, in the same words.
public enum CredentialExpiry: Equatable, Sendable {
    /// The stored access token (OAuth, device code, client credentials…) expires then.
    case token(Date)
    /// A static secret is a JWT whose `exp` is then.
    case staticToken(Date)
    /// The oldest static secret is `days` old against a policy of `policyDays`; `firstSeen` when
    /// the age counts from mcpdash first reading it (the secret is at least that old).
    case secretAge(days: Int, policyDays: Int, firstSeen: Bool)
    /// Each self-minted JWT lives this long.
    case minted(lifetimeSeconds: Int)
    /// Nothing is known.
    case unknown

    /// How urgent the expiry is, for colour.
    public enum Severity: Equatable, Sendable {
        /// Nothing to say.
        case muted
        /// Fine.
        case ok
        /// Soon, or past the rotation policy.
        case warning
        /// Passed.
        case danger
    }

    /// The cell text at `now`: `41m12s`, `expired 3m00s ago`, `age 12d`, `rotate: 120d`, `minted 1h00m`, `—`.
    public func text(now: Date) -> String {
        switch self {
        case .token(let date), .staticToken(let date): ExpiryText.countdown(until: date, now: now)
        case .secretAge(let days, let policy, let firstSeen): (days > policy ? "rotate: " : "age ") + "\(days)d"
        case .minted(let lifetime): "minted " + ExpiryText.duration(lifetime, padded: true)
        case .unknown: "—"
        }
    }

    /// The severity at `now`, warning when less than `warnSeconds` are left.
    public func severity(now: Date, warnSeconds: Int) -> Severity {
        switch self {
        case .token(let date), .staticToken(let date):
            let remaining = date.timeIntervalSince(now)
            return remaining <= 0 ? .danger : remaining < TimeInterval(warnSeconds) ? .warning : .ok
        case .secretAge(let days, let policy, _): return days > policy ? .warning : .muted
        case .minted, .unknown: return .muted
        }
    }

    /// The expiry date, when there is one.
    public var date: Date? {
        switch self {
        case .token(let date), .staticToken(let date): date
        case .secretAge, .minted, .unknown: nil
        }
    }
}
