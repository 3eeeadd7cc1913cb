/// Why an import could not run; nothing is written when one is thrown.
public enum ImportError: Error, Equatable, Sendable, UserFacingError {
    /// No source file was found.
    case noSource(format: String, looked: [String])
    /// A source file cannot be read or is not valid JSON.
    case unreadableSource(file: String, reason: String)
    /// The source has no MCP servers in it.
    case noServers(file: String)
    /// The target config cannot be written.
    case cannotWrite(file: String, reason: String)
    /// `--rewrite` was asked for a format whose file mcpdash does not rewrite.
    case cannotRewrite(format: String)

    /// One line: what failed.
    public var summary: String {
        switch self {
        case .noSource(let format, let looked):
            "no \(format) config found (looked at \(looked.joined(separator: ", ")))"
        case .unreadableSource(let file, let reason):
            "cannot import \(file): \(reason)"
        case .noServers(let file):
            "\(file) has no MCP servers to import"
        case .cannotWrite(let file, let reason):
            "cannot write \(file): \(reason)"
        case .cannotRewrite(let format):
            "--rewrite does not rewrite \(format) files"
        }
    }

    /// What to do about it.
    public var hint: String? {
        switch self {
        case .noSource: "pass the file's path: `mcpdash import PATH`"
        case .unreadableSource: "check that the file is the tool's MCP config"
        case .noServers: "the file needs an \"mcpServers\" (or VS Code \"servers\") object"
        case .cannotWrite: "check the permissions of the config's directory, or pass --config PATH"
        case .cannotRewrite: "--rewrite works on Claude Desktop, Claude Code, Cursor and VS Code files"
        }
    }
}
