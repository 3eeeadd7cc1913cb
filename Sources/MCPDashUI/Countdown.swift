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
    public static func clock(_ date: Date) -> String {
        ExpiryText.clock(date)
    }
}
