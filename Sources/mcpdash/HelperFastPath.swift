/// `token` and `headers`, which another client runs on every connect, read from their
/// arguments without the argument parser when they take the plain forms.
///
/// swift-argument-parser's first parse costs `token` about a third of everything it does
/// (most of it the Swift runtime looking up protocol conformances for the parser's generic
/// types, docs/benchmarks.md). This reader knows only the forms a client configures: the
/// command, at most one server name, and `--account`, `--config`, `--env-file`, `--profile`
/// (as `--option value` or `--option=value`), `--insecure-storage` and `--verbose`, each at
/// most once. Anything else — help, `--`, a short option, a repeated or unknown option, an
/// empty or dash-led value — gives nil, and the argument parser reads the whole command line,
/// so what it accepts, prints and exits with stays the authority. A test checks that every
/// command line this reader accepts means the same to the argument parser.
enum HelperFastPath {
    /// The helper request `arguments` (without the program's name) make, or nil when the
    /// argument parser must read them.
    static func request(for arguments: [String]) -> HelperRequest? {
        guard let first = arguments.first else { return nil }
        var request: HelperRequest
        switch first {
        case "token": request = HelperRequest(kind: .token, settings: GlobalSettings())
        case "headers": request = HelperRequest(kind: .headers, settings: GlobalSettings())
        default: return nil
        }
        var seen: [Substring] = []
        var rest = arguments.dropFirst()[...]
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("-") else {
                guard request.name == nil, plain(argument) else { return nil }
                request.name = argument
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
                if option == "--verbose" { request.settings.verbose = true } else { request.settings.insecureStorage = true }
                continue
            case "--account", "--config", "--env-file", "--profile":
                if value == nil { value = rest.popFirst() }
                guard let value, plain(value) else { return nil }
                switch option {
                case "--account": request.account = value
                case "--config": request.settings.config = value
                case "--env-file": request.settings.envFile = value
                default: request.settings.profile = value
                }
            default:
                return nil
            }
        }
        return request
    }

    /// Whether `value` is one the argument parser takes as a value whatever it holds: not
    /// empty and not starting with a dash.
    private static func plain(_ value: String) -> Bool {
        !value.isEmpty && !value.hasPrefix("-")
    }
}
