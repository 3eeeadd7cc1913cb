import Foundation

/// When the agent renews a token: pure arithmetic on its metadata, no clock of its own.
///
/// A token is renewed `lead` seconds before it expires: ten minutes (or the configured margin
/// when that is longer), but never more than half its lifetime, so a 30-second token is
/// renewed at 15 seconds left rather than on every pass. Failures back off 2, 4, 8 … 60 s.
public enum RenewalSchedule {
    /// The lead the agent keeps before expiry when the margin is shorter: ten minutes.
    public static let horizon: TimeInterval = 600
    /// The longest wait between two failed attempts.
    public static let maximumBackoff: TimeInterval = 60

    /// Seconds before expiry at which a token of `lifetime` seconds is renewed, given the configured `margin`.
    public static func lead(lifetime: TimeInterval, margin: TimeInterval) -> TimeInterval {
        max(0, min(max(margin, horizon), lifetime / 2))
    }

    /// When the token described by `metadata` is due for renewal; nil when it does not expire.
    public static func renewAt(_ metadata: TokenMetadata, margin: TimeInterval) -> Date? {
        guard let expiry = metadata.expiresAt else { return nil }
        let lifetime = max(0, expiry.timeIntervalSince(metadata.obtainedAt))
        return expiry.addingTimeInterval(-lead(lifetime: lifetime, margin: margin))
    }

    /// Whether the token is due at `now`.
    public static func isDue(_ metadata: TokenMetadata, margin: TimeInterval, now: Date) -> Bool {
        guard let renewAt = renewAt(metadata, margin: margin) else { return false }
        return now >= renewAt
    }

    /// Seconds to wait after the `failures`-th failure in a row (1 → 2 s, 2 → 4 s, … at most 60 s).
    public static func backoff(failures: Int) -> TimeInterval {
        guard failures > 0 else { return 0 }
        return min(maximumBackoff, pow(2, Double(min(failures, 16))))
    }

    /// Whether the agent can obtain a first token for `auth` without a person: client credentials and workload identity.
    public static func obtainsUnattended(_ auth: AuthConfig) -> Bool {
        switch auth {
        case .clientCredentials, .workloadIdentity: true
        default: false
        }
    }
}
