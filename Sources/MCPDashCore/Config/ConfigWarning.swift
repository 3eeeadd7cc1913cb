/// Something in a config that works but deserves attention: an unknown key, a literal secret, an unset variable.
public struct ConfigWarning: Equatable, Sendable, CustomStringConvertible {
    /// The file the warning is about.
    public let file: String
    /// The server entry, when the warning is about one.
    public let server: String?
    /// The dotted field path, such as `auth.clientSecret`.
    public let field: String?
    /// What is wrong.
    public let message: String
    /// What to do about it.
    public let hint: String?

    /// Creates a warning.
    public init(file: String, server: String?, field: String?, message: String, hint: String? = nil) {
        self.file = file
        self.server = server
        self.field = field
        self.message = message
        self.hint = hint
    }

    /// One line: `file: server "x", field y: message`.
    public var description: String {
        var location = file
        if let server { location += ": server \"\(server)\"" }
        if let field { location += (server == nil ? ": " : ", ") + "field \(field)" }
        return "\(location): \(message)"
    }
}
