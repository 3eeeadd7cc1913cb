import ArgumentParser

/// `--json`: the command prints its typed report as JSON instead of text.
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}
