/// A JSON value of a configured JWT claim.
public enum ClaimValue: Equatable, Sendable {
    /// A string claim.
    case string(String)
    /// A numeric claim.
    case number(Double)
    /// A boolean claim.
    case bool(Bool)
    /// A list of strings (such as several audiences).
    case strings([String])
}
