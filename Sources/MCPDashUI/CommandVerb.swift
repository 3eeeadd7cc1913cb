/// A verb of the dashboard's `:` line: the CLI's subcommand of the same name.
public enum CommandVerb: String, Sendable, CaseIterable {
    case login, logout, refresh, rotate, whoami, diagnose, status, check, events, use, theme, quit

    /// What a verb's first argument names.
    public enum Argument: Sendable {
        /// A server (completed from the config's names).
        case server
        /// A theme (completed from the theme names).
        case theme
        /// Nothing.
        case none
    }

    /// Other spellings that mean the same verb.
    static let aliases: [String: CommandVerb] = ["q": .quit, "exit": .quit]

    /// The verb spelled `word`, or nil.
    public init?(word: String) {
        guard let verb = CommandVerb(rawValue: word) ?? Self.aliases[word] else { return nil }
        self = verb
    }

    /// What its first argument names.
    public var argument: Argument {
        switch self {
        case .theme: .theme
        case .quit: .none
        default: .server
        }
    }
}
