import Foundation
import MCPDashCore

/// Expiry countdowns as the table shows them: `41m12s`, `2h03m`, `expired 3m ago`.
public enum Countdown {
    /// The time left until `expiry` at `now`, or how long ago it passed.
    public static func text(until expiry: Date, now: Date) -> String {
        ExpiryText.countdown(until: expiry, now: now)
    }

    /// A duration in its two largest units, zero-padded after the first: `2h03m`, `41m12s`, `9s`.
    public static func short(_ seconds: Int) -> String {
        ExpiryText.duration(seconds, padded: true)
    }

    /// The local time of day, `HH:mm:ss` (computed, so the tick does not build a date formatter).
    public static func clock(_ date: Date, timeZone: TimeZone = .current) -> String {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let seconds = ((local % 86_400) + 86_400) % 86_400
        return String(format: "%02d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60)
    }
}
