/// A secret field as an operator names it on the command line — `token`, `apiKey`,
/// `header:X-API-Key`, `env:GITHUB_TOKEN`, a bare header or variable name — checked for shape
/// before any server's fields are looked at (`SecretEntry.field` and `SecretRotation.field`
/// then match it against the server).
public struct SecretFieldName: Equatable, Sendable, CustomStringConvertible {
    /// The name as typed.
    public let text: String

    /// The longest name accepted.
    static let maximumLength = 200

    /// Checks `text`: printable ASCII without spaces, at most 200 characters, and a name after
    /// `header:` or `env:`.
    public init?(parsing text: String) {
        guard !text.isEmpty, text.utf8.count <= Self.maximumLength,
              text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else { return nil }
        for prefix in ["header:", "env:"] where text.hasPrefix(prefix) && text.count == prefix.count { return nil }
        self.text = text
    }

    /// The name as typed.
    public var description: String { text }
}
