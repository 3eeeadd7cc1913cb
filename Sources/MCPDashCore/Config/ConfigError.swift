/// Why a config could not be loaded; every case names the file, and where known the server and field.
public enum ConfigError: Error, Equatable, Sendable, UserFacingError {
    /// The file does not exist.
    case notFound(file: String, lookedBecause: String)
    /// The file exists but cannot be read.
    case unreadable(file: String, reason: String)
    /// The text is not valid JSON (with comments).
    case syntax(file: String, line: Int, column: Int, message: String)
    /// A field has the wrong type or an invalid value.
    case invalidField(file: String, server: String?, field: String, message: String)
    /// A `.env` file cannot be read or parsed.
    case envFile(file: String, line: Int?, message: String)

    /// One line saying what is wrong and where.
    public var summary: String {
        switch self {
        case .notFound(let file, let because):
            "config file not found: \(file) (\(because))"
        case .unreadable(let file, let reason):
            "cannot read config \(file): \(reason)"
        case .syntax(let file, let line, let column, let message):
            "\(file):\(line):\(column): \(message)"
        case .invalidField(let file, let server, let field, let message):
            if let server {
                "\(file): server \"\(server)\", field \(field): \(message)"
            } else {
                "\(file): field \(field): \(message)"
            }
        case .envFile(let file, let line, let message):
            if let line { "\(file):\(line): \(message)" } else { "\(file): \(message)" }
        }
    }

    /// What the user can do about it.
    public var hint: String? {
        switch self {
        case .notFound:
            "create it (see docs/configuration.md), pass --config PATH, or run `mcpdash import --from claude|claude-code|cursor|vscode|mcpomni`"
        case .unreadable:
            "check the file's permissions"
        case .syntax:
            "comments (// and /* */) and trailing commas are allowed; everything else must be JSON"
        case .invalidField:
            "see docs/configuration.md for every field and its type"
        case .envFile:
            "each line of a .env file is NAME=value; # starts a comment"
        }
    }
}
