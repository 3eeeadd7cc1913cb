import ArgumentParser
import MCPDashCore

/// A duration option (`--since 2h`, `--check-interval 30s`) is parsed where it is declared.
extension TimeSpan: ExpressibleByArgument {
    /// Parses the option's value; ArgumentParser names the option when it is not a duration.
    public init?(argument: String) { self.init(parsing: argument) }
}
