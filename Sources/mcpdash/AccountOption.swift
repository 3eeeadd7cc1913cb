import ArgumentParser

/// `--account NAME`: which of a server's accounts a command acts for; the workspace resolves
/// the active one when it is left out.
struct AccountOption: ParsableArguments {
    @Option(name: .long, help: "The named account; the active one when omitted.")
    var account: String?
}
