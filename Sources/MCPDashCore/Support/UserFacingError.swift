/// An error that can be shown to an operator as one line plus a hint, and never carries a secret.
public protocol UserFacingError: Error {
    /// One line: what went wrong and where.
    var summary: String { get }
    /// What to do about it, when there is something to do.
    var hint: String? { get }
}
