/// One entry of the keymap: keys, the command, where it works, and what help says about it.
public struct KeyBinding: Sendable {
    /// The keys that trigger it (the first is shown in hints).
    public let keys: [Key]
    /// The command.
    public let command: Command
    /// What it does, for help and hints.
    public let description: String
    /// The screens it works on.
    public let screens: Set<Screen>
    /// The word in the status bar's hints, when it has one there.
    public let hint: String?

    /// Creates a binding.
    public init(_ keys: [Key], _ command: Command, _ description: String, on screens: Set<Screen>, hint: String? = nil) {
        self.keys = keys
        self.command = command
        self.description = description
        self.screens = screens
        self.hint = hint
    }

    /// The keys as help writes them: `j/↓`.
    public var label: String { keys.map(\.label).joined(separator: "/") }
}
