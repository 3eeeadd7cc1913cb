import Foundation

/// A span of time as an operator types it: a number and a unit — `30s`, `15m`, `2h`, `7d` —
/// or a bare number of seconds.
public struct TimeSpan: Equatable, Sendable, CustomStringConvertible {
    /// The span in seconds.
    public let seconds: TimeInterval
    /// What was typed, for messages ("in the last 2h").
    public let text: String

    /// The units understood, with their length in seconds.
    static let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]

    /// Parses `text`; nil for anything but a finite, non-negative number with an optional unit.
    public init?(parsing text: String) {
        var number = Substring(text)
        var unit: TimeInterval = 1
        if let last = text.last, let length = Self.units[last] {
            number = number.dropLast()
            unit = length
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number), value.isFinite, value * unit <= 100 * 365 * 86_400 else { return nil }
        self.seconds = value * unit
        self.text = text
    }

    /// What was typed.
    public var description: String { text }
}
