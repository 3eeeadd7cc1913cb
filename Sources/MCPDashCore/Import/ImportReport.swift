/// What an import did (or, for a dry run, would do).
public struct ImportReport: Sendable {
    /// A server that was not imported, and why.
    public struct Skipped: Equatable, Sendable {
        /// Its name.
        public let name: String
        /// Why it was skipped.
        public let reason: String
    }

    /// The format read.
    public let format: ImportFormat
    /// The files read.
    public let sources: [String]
    /// Servers new to the config.
    public let added: [ImportedServer]
    /// Servers that replaced an entry of the same name.
    public let replaced: [ImportedServer]
    /// Servers left out.
    public let skipped: [Skipped]
    /// The secret store addresses literal secrets were moved to (never the values).
    public let movedSecrets: [SecretAddress]
    /// Conversions made and things to check.
    public var notes: [String]
    /// The config merged into.
    public let targetPath: String
    /// The previous config's copy, when one was written.
    public let backupPath: String?
    /// Whether anything was written.
    public let wrote: Bool
    /// The new config text.
    public let resultingDocument: String
    /// What `--rewrite` did to each source file.
    public var rewrites: [ClientConfigRewrite.Report] = []
}
