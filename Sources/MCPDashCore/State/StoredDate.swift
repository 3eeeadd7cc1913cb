import Foundation
import GRDB

/// A date as the state database stores it: `yyyy-MM-dd HH:mm:ss.SSS` in UTC, GRDB's own text,
/// made by arithmetic instead of a `DateFormatter`.
///
/// GRDB writes every `Date` through a `DateFormatter`, which loads ICU's calendar, time-zone and
/// number-format code and data on first use, and costs about 15,000 instructions a date after
/// that: the dashboard's first health check of 1,000 servers journals 1,000 of them
/// (docs/benchmarks.md). The text here is the same, character for character, for every date of
/// the years 1583 to 9999 (a test compares the two; other dates are left to GRDB), so stored
/// rows and comparisons in SQL are unchanged; GRDB still reads dates back with its own parser,
/// which needs no ICU.
public enum StoredDate {
    /// The stored text of `date`: to the nearest millisecond, halves up, as GRDB's formatter writes it.
    public static func text(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down)
        // Before 1583 ICU's Gregorian calendar is the Julian one, and beyond 9999 the year has
        // more digits: such dates (never written by mcpdash itself) go through GRDB's formatter.
        guard milliseconds >= firstMillisecond, milliseconds < endMillisecond else {
            return String.fromDatabaseValue(date.databaseValue) ?? ""
        }
        let total = Int64(milliseconds)
        let (days, millisecondOfDay) = floorDivision(total, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let second = millisecondOfDay / 1000
        var text = ""
        text.reserveCapacity(23)
        append(year, width: 4, to: &text)
        text.append("-")
        append(month, width: 2, to: &text)
        text.append("-")
        append(day, width: 2, to: &text)
        text.append(" ")
        append(second / 3600, width: 2, to: &text)
        text.append(":")
        append(second / 60 % 60, width: 2, to: &text)
        text.append(":")
        append(second % 60, width: 2, to: &text)
        text.append(".")
        append(millisecondOfDay % 1000, width: 3, to: &text)
        return text
    }

    /// 1583-01-01 00:00:00.000 UTC, the first whole Gregorian year, in milliseconds since 1970.
    private static let firstMillisecond = -12_212_553_600_000.0
    /// 10000-01-01 00:00:00.000 UTC, in milliseconds since 1970.
    private static let endMillisecond = 253_402_300_800_000.0

    /// The encoding strategy of every record with a date column.
    public static let encoding = DatabaseDateEncodingStrategy.custom { text($0) }

    /// `value` divided by `divisor`, rounded towards negative infinity, and the non-negative remainder.
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor, remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// The proleptic Gregorian year, month and day of `days` since 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Appends `value` in decimal, zero-padded to `width` digits.
    private static func append(_ value: Int64, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.utf8.count < width { text.append(String(repeating: "0", count: width - digits.utf8.count)) }
        text.append(digits)
    }
}
