/// What the global options said, as plain values: what a `CommandContext` is made from.
struct GlobalSettings: Equatable {
    /// `--config`: the config file.
    var config: String? = nil
    /// `--env-file`: a .env file for `${VAR}` references.
    var envFile: String? = nil
    /// `--profile`: the .env profile.
    var profile: String? = nil
    /// `--insecure-storage`: secrets in the file store instead of the keyring.
    var insecureStorage = false
    /// `--verbose`: debug details to stderr.
    var verbose = false
}
