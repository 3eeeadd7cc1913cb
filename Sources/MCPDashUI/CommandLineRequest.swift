/// What a line typed after `:` asks for, parsed without looking at the dashboard's state.
public enum CommandLineRequest: Equatable, Sendable {
    /// An empty line: nothing.
    case nothing
    /// `quit` (`q`, `exit`).
    case quit
    /// `theme NAME`.
    case theme(String)
    /// `events [NAME]`: the journal, of one server or all.
    case events(server: String?)
    /// `use NAME ACCOUNT`: makes ACCOUNT the server's active account.
    case useAccount(server: String, account: String)
    /// `status [NAME]` or `check [NAME]`: a health check of one server or all.
    case check(server: String?)
    /// A verb that acts on one server (the selected one when no name is given).
    case perform(Command, server: String?)
    /// A known verb used the wrong way: how to use it.
    case usage(String)
    /// A word that is no verb.
    case unknown(String)

    /// The usage line of `use`.
    static let useUsage = "use NAME ACCOUNT: makes ACCOUNT the server's active account"

    /// Parses `text`: words separated by spaces, the first one the verb.
    public init(parsing text: String) {
        let words = text.split(separator: " " as Character).map(String.init)
        guard let word = words.first else { self = .nothing; return }
        guard let verb = CommandVerb(word: word) else { self = .unknown(word); return }
        let argument = words.dropFirst().first
        switch verb {
        case .quit: self = .quit
        case .theme: self = argument.map { .theme($0) } ?? .usage("theme NAME: one of the themes (Tab completes)")
        case .events: self = .events(server: argument)
        case .use: self = words.count == 3 ? .useAccount(server: words[1], account: words[2]) : .usage(Self.useUsage)
        case .status, .check: self = .check(server: argument)
        case .login: self = .perform(.login, server: argument)
        case .logout: self = .perform(.logout, server: argument)
        case .refresh: self = .perform(.refresh, server: argument)
        case .rotate: self = .perform(.rotate, server: argument)
        case .whoami: self = .perform(.whoami, server: argument)
        case .diagnose: self = .perform(.diagnose, server: argument)
        }
    }
}
