/// A secret that a server's configuration refers to: its field name and where its value comes from.
public struct SecretField: Equatable, Sendable {
    /// The field's name in the secret store address, such as `token` or `header:X-API-Key`.
    public let field: String
    /// Where the value comes from.
    public let source: SecretSource

    /// Creates a secret field.
    public init(field: String, source: SecretSource) {
        self.field = field
        self.source = source
    }

    /// The store field name for an HTTP header's value.
    public static func header(_ name: String) -> String { "header:\(name)" }
    /// The store field name for a stdio child's environment variable.
    public static func environmentVariable(_ name: String) -> String { "env:\(name)" }
}
