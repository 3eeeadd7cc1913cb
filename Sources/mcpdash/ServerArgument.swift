import ArgumentParser

/// The server a command acts on: its name, completed from the config.
struct ServerArgument: ParsableArguments {
    @Argument(help: "The server's name.", completion: ServerNameCompletion.kind)
    var name: String
}
