/// Why a theme file was refused: which file, which key, what is wrong.
public struct ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file.
    public let file: String
    /// The key path inside it (`roles.selected.fg`).
    public let key: String
    /// What is wrong.
    public let problem: String

    /// Creates an error.
    public init(file: String, key: String, problem: String) {
        self.file = file
        self.key = key
        self.problem = problem
    }

    /// One line naming file and key.
    public var description: String { "\(file): \(key): \(problem)" }
}
