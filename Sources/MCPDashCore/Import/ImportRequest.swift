/// What `mcpdash import` was asked to do.
public struct ImportRequest: Sendable {
    /// The source format; guessed from the file when nil.
    public var format: ImportFormat?
    /// The source file; the format's default locations when nil.
    public var path: String?
    /// The mcpdash config to merge into.
    public var targetConfig: String
    /// Replace entries that already exist.
    public var force: Bool
    /// Show the result without storing secrets or writing the config.
    public var dryRun: Bool
    /// The process environment (for default paths and `${VAR}` checks).
    public var environment: [String: String]
    /// The directory project-level configs are looked for in.
    public var workingDirectory: String
    /// Rewrite the source files to take their credentials from mcpdash (`import --rewrite`).
    public var rewrite: Bool = false
    /// How the rewritten entries start mcpdash: `mcpdash`, or its absolute path when it is not on `PATH`.
    public var mcpdashCommand: String = "mcpdash"

    /// Creates a request.
    public init(format: ImportFormat? = nil, path: String? = nil, targetConfig: String, force: Bool = false, dryRun: Bool = false,
                environment: [String: String], workingDirectory: String) {
        self.format = format
        self.path = path
        self.targetConfig = targetConfig
        self.force = force
        self.dryRun = dryRun
        self.environment = environment
        self.workingDirectory = workingDirectory
    }
}
