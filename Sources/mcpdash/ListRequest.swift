/// What `list` was asked to print, however its arguments were parsed.
struct ListRequest: Equatable {
    /// `--json`: the rows as JSON.
    var json = false
    /// `--tag`s: only servers with any of them (all when empty).
    var tags: [String] = []
    var settings: GlobalSettings

    /// Prints the servers.
    func run() throws {
        try ListCommand.printList(CommandContext(settings), json: json, tags: tags)
    }
}
