import Foundation

/// Expiry countdowns as the table shows them: `41m12s`, `2h03m`, `expired 3m ago`.
public enum Countdown {
    /// The time left until `expiry` at `now`, or how long ago it passed.
    public static func text(until expiry: Date, now: Date) -> String {
        let seconds = Int(expiry.timeIntervalSince(now).rounded(.down))
        if seconds < 0 { return "expired \(short(-seconds)) ago" }
        return short(seconds)
    }

    /// A duration in its two largest units, zero-padded after the first: `2h03m`, `41m12s`, `9s`.
    public static func short(_ seconds: Int) -> String {
        let days = seconds / 86_400, hours = seconds % 86_400 / 3600, minutes = seconds % 3600 / 60, rest = seconds % 60
        if days > 0 { return "\(days)d\(hours)h" }
        if hours > 0 { return "\(hours)h" + (minutes < 10 ? "0" : "") + "\(minutes)m" }
        if minutes > 0 { return "\(minutes)m" + (rest < 10 ? "0" : "") + "\(rest)s" }
        return "\(rest)s"
    }
}
