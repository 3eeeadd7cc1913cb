/// A server entry the config names but that could not be read: its name and what is wrong.
///
/// One bad entry never stops the others: the loader keeps the valid servers, lists the broken
/// ones with their error (file, server, field), and only a command naming a broken server
/// fails with that error.
public struct BrokenServer: Equatable, Sendable {
    /// The entry's name in `mcpServers`.
    public let name: String
    /// Why it could not be read.
    public let error: ConfigError

    /// Creates a broken entry.
    public init(name: String, error: ConfigError) {
        self.name = name
        self.error = error
    }
}
