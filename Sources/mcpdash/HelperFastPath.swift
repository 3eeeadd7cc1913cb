import ArgumentParser

/// `token` and `headers`, which another client runs on every connect, parsed by their own
/// command type instead of the whole command tree.
///
/// swift-argument-parser's first parse of the root command walks all of its subcommands and
/// their arguments, which costs `token` more than everything else it does. Parsed as a root of
/// its own, `TokenCommand` sees the same arguments with the same rules. Anything that does not
/// parse that way — help, completion, a usage error — goes the ordinary way, so what it prints
/// and its exit status are those of `mcpdash`.
enum HelperFastPath {
    /// The helper command `arguments` (without the program's name) run, or nil for any other.
    static func command(for arguments: [String]) -> (any AsyncParsableCommand)? {
        let type: any AsyncParsableCommand.Type
        switch arguments.first {
        case "token": type = TokenCommand.self
        case "headers": type = HeadersCommand.self
        default: return nil
        }
        return (try? type.parseAsRoot(Array(arguments.dropFirst()))) as? any AsyncParsableCommand
    }
}
