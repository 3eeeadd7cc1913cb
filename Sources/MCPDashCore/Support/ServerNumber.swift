import Foundation
import MCP

/// Numbers that came from a server (lifetimes, timestamps, intervals), read so that no value can
/// trap, overflow a `Date` or make the state database unreadable.
///
/// JSON numbers may be anything (`1e300`, `9223372036854775807`, `-5`, `"NaN"`): each reader
/// converts in floating point, rejects what is not finite, and clamps to a range that makes
/// sense for the field before a single integer conversion happens.
public enum ServerNumber {
    /// The longest lifetime mcpdash believes: ten years. Longer promises are cut to this.
    public static let maximumLifetime = 10 * 365 * 86_400
    /// The latest instant mcpdash stores: 2999-12-31 (four-digit years keep the database readable).
    public static let latestTimestamp: TimeInterval = 32_503_593_600

    /// A JSON value as a finite number: an int, a double or a numeric string; nil for anything else.
    public static func number(_ value: Value?) -> Double? {
        let number: Double? = switch value {
        case .int(let int)?: Double(int)
        case .double(let double)?: double
        case .string(let text)?: Double(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
        guard let number, number.isFinite else { return nil }
        return number
    }

    /// `number` clamped to `range` and rounded down; nil when `number` is nil or not finite.
    public static func clamped(_ number: Double?, to range: ClosedRange<Int>) -> Int? {
        guard let number, number.isFinite else { return nil }
        if number <= Double(range.lowerBound) { return range.lowerBound }
        if number >= Double(range.upperBound) { return range.upperBound }
        return Int(number.rounded(.down))
    }

    /// A lifetime in seconds (`expires_in`, RFC 6749 §5.1): positive, at most `maximumLifetime`;
    /// nil when absent, not a number, zero or negative (an unknown lifetime, not an expired one).
    public static func lifetime(_ value: Value?) -> Int? {
        guard let number = number(value), number >= 1 else { return nil }
        return clamped(number, to: 1...maximumLifetime)
    }

    /// A count of seconds such as a polling interval, clamped to `range`; `fallback` when unusable.
    public static func seconds(_ value: Value?, in range: ClosedRange<Int>, fallback: Int) -> Int {
        clamped(number(value), to: range) ?? fallback
    }

    /// A Unix timestamp (JWT `exp`/`iat`/`nbf`, `client_secret_expires_at`) as a date between 1970 and 2999; nil when not a finite number.
    public static func timestamp(_ seconds: Double?) -> Date? {
        guard let seconds, seconds.isFinite else { return nil }
        return Date(timeIntervalSince1970: min(max(seconds, 0), latestTimestamp))
    }

    /// `date` advanced by `seconds`, never past `latestTimestamp`.
    public static func date(_ date: Date, plus seconds: Int) -> Date {
        Date(timeIntervalSince1970: min(date.timeIntervalSince1970 + Double(seconds), latestTimestamp))
    }
}
