/// The options of its own a command's plain form may carry on `FastPath`, besides the global
/// options and `--account`.
struct FastPathGrammar {
    /// Options without a value.
    var flags: [Substring] = []
    /// Options with one value.
    var options: [Substring] = []
    /// Whether the command takes a server name and `--account`.
    var takesServer = true

    /// The grammar of `command`, or nil for a command `FastPath` leaves to the argument parser.
    init?(command: String) {
        switch command {
        case "token", "headers": break
        case "whoami": flags = ["--fresh", "--json", "--step-up"]; options = ["--tool", "--timeout", "--repeat"]
        case "login": flags = ["--no-browser", "--json", "--device"]; options = ["--timeout"]
        case "list": flags = ["--json"]; options = ["--tag"]; takesServer = false
        case "dashboard": flags = ["--no-mouse"]; options = ["--theme"]; takesServer = false
        default: return nil
        }
    }
}
