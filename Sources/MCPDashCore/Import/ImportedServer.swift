import MCP

/// One server read from another tool's config, already in mcpdash's shape, with the literal
/// secrets that were taken out of it.
public struct ImportedServer: Sendable {
    /// The name it will have under `mcpServers`.
    public var name: String
    /// The mcpdash config entry (secrets replaced by `"keyring:"`).
    public var entry: [String: Value]
    /// Secret values to put into the secret store, keyed by field (`token`, `header:X-API-Key`…).
    public var secrets: [String: String]
    /// Things the operator should know: dropped keys, inputs to fill in, conversions made.
    public var notes: [String]
    /// The file it came from (with the project, for Claude Code's local scope), for display.
    public var origin: String
    /// The file it came from.
    public var sourceFile: String = ""
    /// The keys leading to its entry in that file (`mcpServers`, NAME; `projects`, DIR, `mcpServers`, NAME…).
    public var sourcePath: [String] = []
}
