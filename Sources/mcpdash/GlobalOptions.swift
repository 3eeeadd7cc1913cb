import ArgumentParser

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The config file (default: $MCPDASH_CONFIG, then $XDG_CONFIG_HOME/mcpdash/servers.json).", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("A .env file for ${VAR} references (default: .env beside the config).", valueName: "path"))
    var envFile: String?

    @Option(name: .long, help: ArgumentHelp("Also load .env.NAME beside the config, over .env (default: $MCPDASH_PROFILE).", valueName: "name"))
    var profile: String?

    @Flag(name: .long, help: "Keep secrets in the insecure file store instead of the keyring.")
    var insecureStorage = false

    @Flag(name: .long, help: "Log debug details to stderr (secrets are redacted).")
    var verbose = false

    /// The options' values.
    var settings: GlobalSettings {
        GlobalSettings(config: config, envFile: envFile, profile: profile, insecureStorage: insecureStorage, verbose: verbose)
    }
}
