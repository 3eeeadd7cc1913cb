import Foundation
import MCP

/// The config formats `mcpdash import` reads.
public enum ImportFormat: String, CaseIterable, Sendable {
    /// Claude Desktop's `claude_desktop_config.json`.
    case claude
    /// Claude Code's `~/.claude.json` (user and local scopes) and a project's `.mcp.json`.
    case claudeCode = "claude-code"
    /// Cursor's `mcp.json`.
    case cursor
    /// VS Code's `.vscode/mcp.json` (`servers`, `inputs`).
    case vscode
    /// MCPOmni Connect's `servers_config.json` (`transport_type`, `auth.method`).
    case mcpomni
    /// mcpdash's own config: re-importing it moves literal secrets into the secret store.
    case mcpdash

    /// Where the tool keeps its config by default, most specific first; only existing files are read.
    public func defaultPaths(environment: [String: String], workingDirectory: String, mcpdashConfig: String) -> [String] {
        let xdg = XDGDirectories(environment: environment)
        switch self {
        case .claude:
            return [xdg.config + "/Claude/claude_desktop_config.json",
                    xdg.home + "/Library/Application Support/Claude/claude_desktop_config.json"]
        case .claudeCode:
            return [xdg.home + "/.claude.json", workingDirectory + "/.mcp.json"]
        case .cursor:
            return [xdg.home + "/.cursor/mcp.json", workingDirectory + "/.cursor/mcp.json"]
        case .vscode:
            return [workingDirectory + "/.vscode/mcp.json", xdg.config + "/Code/User/mcp.json"]
        case .mcpomni:
            return [workingDirectory + "/servers_config.json"]
        case .mcpdash:
            return [mcpdashConfig]
        }
    }

    /// Guesses the format of a file from its name and content.
    static func detect(path: String, root: [String: Value]) -> ImportFormat {
        let name = (path as NSString).lastPathComponent
        if name == ".claude.json" || root["projects"] != nil { return .claudeCode }
        if name == ".mcp.json" { return .claudeCode }
        if root["mcpServers"] == nil, root["servers"] != nil { return .vscode }
        if case .object(let servers)? = root["mcpServers"],
           servers.values.contains(where: { $0.objectValue?["transport_type"] != nil }) {
            return .mcpomni
        }
        if path.contains("/.cursor/") { return .cursor }
        return .claude
    }
}
