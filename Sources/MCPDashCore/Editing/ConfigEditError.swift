/// Why `add`, `remove`, `edit` or `secret set|rm` changed nothing.
public enum ConfigEditError: Error, Equatable, Sendable, UserFacingError {
    /// A server of that name is already configured.
    case exists(server: String, file: String)
    /// No server of that name is in the file.
    case noSuchServer(server: String, file: String, known: [String])
    /// The entry the options describe does not load; nothing was written.
    case invalidEntry(ConfigError)
    /// The server has no secret of that name.
    case unknownField(server: String, field: String, known: [String])
    /// The edited file does not load; the old one is kept.
    case rejectedEdit(problems: [String], keptAt: String?)
    /// The config file cannot be written.
    case cannotWrite(file: String, reason: String)
    /// The editor could not be started or failed.
    case editorFailed(command: String, reason: String)

    /// One line: what failed.
    public var summary: String {
        switch self {
        case .exists(let server, let file): "\(server) is already configured in \(file)"
        case .noSuchServer(let server, let file, let known):
            "no server named \(server) in \(file)" + (known.isEmpty ? " (it has none)" : " (it has \(known.joined(separator: ", ")))")
        case .invalidEntry(let error): error.summary
        case .unknownField(let server, let field, let known):
            "\(server) has no secret \(field)" + (known.isEmpty ? "; its auth method keeps none" : " (it has \(known.joined(separator: ", ")))")
        case .rejectedEdit(let problems, _): "the edited config does not load: " + problems.joined(separator: "; ")
        case .cannotWrite(let file, let reason): "cannot write \(file): \(reason)"
        case .editorFailed(let command, let reason): "the editor \(command) \(reason)"
        }
    }

    /// What to do about it.
    public var hint: String? {
        switch self {
        case .exists: "pass --force to replace it, or choose another name"
        case .noSuchServer: "mcpdash list shows the configured servers"
        case .invalidEntry(let error): error.hint
        case .unknownField: "name one of those fields (a header by its name works too)"
        case .rejectedEdit(_, let kept): "the config was not changed" + (kept.map { "; your edit is kept in \($0)" } ?? "")
        case .cannotWrite: "check the permissions of the config and its directory, or pass --config PATH"
        case .editorFailed: "set VISUAL or EDITOR to an editor that waits until the file is closed (code --wait, subl -w)"
        }
    }
}
