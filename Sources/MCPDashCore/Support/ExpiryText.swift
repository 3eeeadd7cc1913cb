import Foundation

/// Expiry times as operators read them: `expires in 41m12s`, `expired 3m ago`.
public enum ExpiryText {
    /// A duration in the largest two units: `2d3h`, `41m12s`, `9s`; `padded` writes the second
    /// unit of hours and minutes with two digits (`2h03m`), for columns that tick.
    public static func duration(_ seconds: Int, padded: Bool = false) -> String {
        let seconds = abs(seconds)
        let days = seconds / 86_400, hours = seconds % 86_400 / 3600, minutes = seconds % 3600 / 60, rest = seconds % 60
        func two(_ value: Int) -> String { padded && value < 10 ? "0\(value)" : "\(value)" }
        if days > 0 { return "\(days)d\(hours)h" }
        if hours > 0 { return "\(hours)h\(two(minutes))m" }
        if minutes > 0 { return "\(minutes)m\(two(rest))s" }
        return "\(rest)s"
    }

    /// The countdown the dashboard's EXPIRES column and `mcpdash list` show: `41m12s`, `2h03m`,
    /// or `expired 3m00s ago` once past.
    public static func countdown(until expiry: Date, now: Date) -> String {
        let seconds = Int(expiry.timeIntervalSince(now).rounded(.down))
        return seconds < 0 ? "expired \(duration(-seconds, padded: true)) ago" : duration(seconds, padded: true)
    }

    /// `expires in 41m12s` or `expired 3m0s ago`, relative to `now`.
    public static func describe(_ expiry: Date, now: Date = Date()) -> String {
        let remaining = Int(expiry.timeIntervalSince(now).rounded(.down))
        return remaining >= 0 ? "expires in \(duration(remaining))" : "expired \(duration(remaining)) ago"
    }

    /// The local time of day, `HH:mm:ss` (computed, so a tick builds neither a date formatter nor
    /// a format string); `utcOffset` in seconds, the local zone's at `date` when nil.
    public static func clock(_ date: Date, utcOffset: Int? = nil) -> String {
        let instant = Int(date.timeIntervalSince1970.rounded(.down))
        let local = instant + (utcOffset ?? localOffset(at: instant))
        let seconds = ((local % 86_400) + 86_400) % 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(seconds / 3600)):\(two(seconds % 3600 / 60)):\(two(seconds % 60))"
    }

    /// The local zone's offset from UTC at `instant` (seconds since 1970), in seconds, as the C
    /// library reads `TZ` and /etc/localtime: Foundation's `TimeZone.current` would load ICU's
    /// time-zone code and data (megabytes kept resident) for the dashboard's clock.
    public static func localOffset(at instant: Int) -> Int {
        var time = time_t(instant)
        var parts = tm()
        guard localtime_r(&time, &parts) != nil else { return 0 }
        return Int(parts.tm_gmtoff)
    }
}
