/// `headers`/`token` without a name, and no server named or matched by Claude Code's variables.
public struct UnnamedServerError: UserFacingError {
    /// `CLAUDE_CODE_MCP_SERVER_NAME`, when set.
    public let name: String?
    /// `CLAUDE_CODE_MCP_SERVER_URL`, when set.
    public let url: String?
    /// The config searched.
    public let config: MCPDashConfig

    /// Creates the error.
    public init(name: String?, url: String?, config: MCPDashConfig) {
        self.name = name
        self.url = url
        self.config = config
    }

    /// One line.
    public var summary: String {
        switch (name, url) {
        case (nil, nil): "name a server (or run as a headersHelper, which sets CLAUDE_CODE_MCP_SERVER_NAME)"
        case (let name?, nil): "no server named \"\(name)\" (from CLAUDE_CODE_MCP_SERVER_NAME) in \(config.path)"
        case (nil, let url?): "no one server has the URL \(url) (from CLAUDE_CODE_MCP_SERVER_URL) in \(config.path)"
        case (let name?, let url?): "neither a server named \"\(name)\" nor one server with the URL \(url) (Claude Code's variables) is in \(config.path)"
        }
    }
    /// The configured names.
    public var hint: String? { UnknownServerError(name: "", config: config).hint }
}
