/// How the server table is sorted (`s` cycles).
public enum SortOrder: String, Equatable, Sendable, CaseIterable {
    /// By name.
    case name
    /// Trouble first: failing, signed out, expiring, then healthy.
    case status
    /// Soonest expiry first.
    case expiry
    /// Most failures in 24 h first.
    case errors

    /// The next order in the cycle.
    public var next: SortOrder {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
