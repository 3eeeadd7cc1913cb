/// The plain forms of the commands run most often, read from their arguments without the
/// argument parser: `token` and `headers` (another client runs them on every connect), `whoami`,
/// `login`, `list` and the dashboard (`mcpdash` alone, or with options only, or `dashboard`).
///
/// swift-argument-parser's first parse costs a process about 45 million instructions, more than
/// `whoami` spends on anything else but the keyring's session (most of it the Swift runtime
/// looking up protocol conformances while the parser reflects on every command type,
/// docs/benchmarks.md). This reader knows only the plain forms: the command, at most one server
/// name, the global options (`--config`, `--env-file`, `--profile` as `--option value` or
/// `--option=value`, `--insecure-storage`, `--verbose`), `--account` (for the commands that
/// take a server), and a few options of the
/// command itself (`FastPathGrammar`), each at most once. Anything else — help, `--`, a short
/// option, a repeated or unknown option, an empty or dash-led value, a number that is not one —
/// gives nil, and the argument parser reads the whole command line, so what it accepts, prints
/// and exits with stays the authority. A test checks that every command line this reader
/// accepts means the same to the argument parser.
enum FastPath {
    /// The request `arguments` (without the program's name) make, or nil when the argument
    /// parser must read them.
    static func request(for arguments: [String]) -> FastRequest? {
        // No command, or an option first: the dashboard, the parser's default command.
        let bare = arguments.first.map { $0.hasPrefix("-") } ?? true
        let command = bare ? "dashboard" : arguments[0]
        guard let grammar = FastPathGrammar(command: command),
              let line = read(bare ? arguments[...] : arguments.dropFirst(), grammar: grammar) else { return nil }
        /// The number `option` gives, `value` without it, nil when what it gives is not a number.
        func number(_ option: String, default value: Int) -> Int? {
            guard let text = line.values[option] else { return value }
            return Int(text)
        }
        switch command {
        case "token", "headers":
            return .helper(HelperRequest(kind: command == "token" ? .token : .headers, name: line.name, account: line.account, settings: line.settings))
        case "whoami":
            guard let name = line.name, let timeout = number("--timeout", default: WhoAmIRequest.defaultTimeout),
                  let repeats = number("--repeat", default: 1), WhoAmIRequest.repeatRange.contains(repeats) else { return nil }
            return .whoami(WhoAmIRequest(name: name, tool: line.values["--tool"] ?? WhoAmIRequest.defaultTool, account: line.account,
                                         fresh: line.flags.contains("--fresh"), json: line.flags.contains("--json"),
                                         stepUp: line.flags.contains("--step-up"), timeout: timeout, repeats: repeats, settings: line.settings))
        case "login":
            guard let name = line.name, let timeout = number("--timeout", default: LoginRequest.defaultTimeout) else { return nil }
            return .login(LoginRequest(name: name, account: line.account, noBrowser: line.flags.contains("--no-browser"), timeout: timeout,
                                       json: line.flags.contains("--json"), device: line.flags.contains("--device"), settings: line.settings))
        case "list":
            return .list(ListRequest(json: line.flags.contains("--json"), tags: line.values["--tag"].map { [$0] } ?? [], settings: line.settings))
        case "dashboard":
            return .dashboard(DashboardRequest(theme: line.values["--theme"], noMouse: line.flags.contains("--no-mouse"), settings: line.settings))
        default:
            return nil
        }
    }

    /// What a plain command line holds.
    private struct Line {
        var name: String?
        var account: String?
        var settings = GlobalSettings()
        /// The command's own flags given.
        var flags: Set<String> = []
        /// The command's own options given, by name.
        var values: [String: String] = [:]
    }

    /// The plain command line `arguments` (after the command) make under `grammar`, or nil.
    private static func read(_ arguments: ArraySlice<String>, grammar: FastPathGrammar) -> Line? {
        var line = Line()
        var seen: [Substring] = []
        var rest = arguments
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("-") else {
                guard grammar.takesServer, line.name == nil, plain(argument) else { return nil }
                line.name = argument
                continue
            }
            let option: Substring
            var value: String? = nil
            if let equals = argument.firstIndex(of: "=") {
                option = argument[..<equals]
                value = String(argument[argument.index(after: equals)...])
            } else {
                option = argument[...]
            }
            guard !seen.contains(option) else { return nil }
            seen.append(option)
            switch option {
            case "--insecure-storage", "--verbose":
                guard value == nil else { return nil }
                if option == "--verbose" { line.settings.verbose = true } else { line.settings.insecureStorage = true }
            case "--account", "--config", "--env-file", "--profile":
                if option == "--account", !grammar.takesServer { return nil }
                if value == nil { value = rest.popFirst() }
                guard let value, plain(value) else { return nil }
                switch option {
                case "--account": line.account = value
                case "--config": line.settings.config = value
                case "--env-file": line.settings.envFile = value
                default: line.settings.profile = value
                }
            case _ where grammar.flags.contains(option):
                guard value == nil else { return nil }
                line.flags.insert(String(option))
            case _ where grammar.options.contains(option):
                if value == nil { value = rest.popFirst() }
                guard let value, plain(value) else { return nil }
                line.values[String(option)] = value
            default:
                return nil
            }
        }
        return line
    }

    /// Whether `value` is one the argument parser takes as a value whatever it holds: not
    /// empty and not starting with a dash.
    private static func plain(_ value: String) -> Bool {
        !value.isEmpty && !value.hasPrefix("-")
    }
}
