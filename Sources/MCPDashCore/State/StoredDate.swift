import Foundation
import GRDB

/// A date as the state database stores it: `yyyy-MM-dd HH:mm:ss.SSS` in UTC, GRDB's own text,
/// written and read by arithmetic instead of a `DateFormatter` and a `Calendar`.
///
/// GRDB writes every `Date` through a `DateFormatter` and reads each back through a Gregorian
/// `Calendar`; both load ICU's calendar, time-zone and locale code and data on first use (2.3 MB
/// of ICU data stayed resident in the dashboard for reading the sessions' dates), and the
/// formatter costs about 15,000 instructions a date after that: the dashboard's first health
/// check of 1,000 servers journals 1,000 of them (docs/benchmarks.md). The text here is the
/// same, character for character, for every date of the years 1583 to 9999, and the dates read
/// are the same (tests compare both with GRDB's); other dates, and text in any other form GRDB
/// accepts (a time zone, a bare time, a number), are left to GRDB, so stored rows and
/// comparisons in SQL are unchanged.
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

    /// The decoding strategy of every record with a date column.
    public static let decoding = DatabaseDateDecodingStrategy.custom { date(from: $0) }

    /// The date stored as `value`: `yyyy-MM-dd`, then optionally ` HH:mm` (or `T`), `:ss` and
    /// a fraction (its first three digits count, as GRDB reads them), in UTC, by arithmetic;
    /// anything else as GRDB reads it.
    public static func date(from value: DatabaseValue) -> Date? {
        guard case .string(let text) = value.storage, let parsed = parse(text) else { return Date.fromDatabaseValue(value) }
        return parsed
    }

    /// The date in the column at `index` of `row`, nil for NULL; a value that is no date is an error, as it
    /// is to GRDB's own decoding (for the records that read their rows by hand).
    public static func date(_ row: Row, at index: Int) throws -> Date? {
        if row.hasNull(atIndex: index) { return nil }
        // The stored text as a string (SQLite's text, copied once): GRDB's `withUnsafeData`,
        // which wraps the buffer in a `Data`, costs about four times as much.
        if let text = try? row.decode(String.self, atIndex: index), let date = parse(text) {
            return date
        }
        guard let date = date(from: try row.decode(DatabaseValue.self, atIndex: index)) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "the column \(row.columnNames[row.index(row.startIndex, offsetBy: index)]) holds no date")
        }
        return date
    }

    /// `text` read in the stored form (see `date(from:)`), or nil when it is not in it or lies
    /// outside the years 1583 to 9999.
    static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// The UTF-8 `bytes` read in the stored form, as `parse(_:)` reads text.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var bytes = bytes.makeIterator()
        /// The next `count` bytes as a decimal number, or nil when one is not a digit.
        func number(_ count: Int) -> Int64? {
            var value: Int64 = 0
            for _ in 0..<count {
                guard let byte = bytes.next(), byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        /// Whether the next byte is `expected` (or `alternative`); nil at the end of the text.
        func next(is expected: UInt8, or alternative: UInt8? = nil) -> Bool? {
            guard let byte = bytes.next() else { return nil }
            return byte == expected || byte == alternative
        }
        guard let year = number(4), next(is: 0x2D) == true, let month = number(2), next(is: 0x2D) == true, let day = number(2),
              (1583...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, millisecond: Int64 = 0
        time: do {
            guard let separator = next(is: 0x20, or: 0x54) else { break time }
            guard separator, let h = number(2), next(is: 0x3A) == true, let m = number(2), h < 24, m < 60 else { return nil }
            hour = h; minute = m
            guard let colon = next(is: 0x3A) else { break time }
            guard colon, let s = number(2), s < 60 else { return nil }
            second = s
            guard let dot = next(is: 0x2E) else { break time }
            guard dot else { return nil }
            var digits = 0
            while let byte = bytes.next() {
                guard byte >= 0x30, byte <= 0x39 else { return nil }   // a time zone, say: GRDB's to read
                if digits < 3 { millisecond = millisecond * 10 + Int64(byte - 0x30) }
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millisecond *= 10 }
        }
        let days = daysSince1970(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSinceReferenceDate: Double(seconds - 978_307_200) + Double(millisecond) / 1000)
    }

    /// The days from 1970-01-01 to `year`-`month`-`day` in the proleptic Gregorian calendar
    /// (Howard Hinnant's `days_from_civil`; a day past the month's end runs into the next, as a
    /// lenient calendar reads it).
    private static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

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
