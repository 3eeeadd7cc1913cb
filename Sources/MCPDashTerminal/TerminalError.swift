/// Why the dashboard cannot use this terminal, said plainly.
public struct TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong and what to do.
    public let description: String
}
