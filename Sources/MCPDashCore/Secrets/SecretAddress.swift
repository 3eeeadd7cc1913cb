/// The address of one secret: which server, which field, which account, and for OAuth which issuer.
///
/// These four values are the keyring item's attributes (see docs/keyring.md).
public struct SecretAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The account used when none is named.
    public static let defaultAccount = "default"

    /// The server's config name.
    public let server: String
    /// The field, such as `token`, `refreshToken`, `clientSecret` or `header:X-API-Key`.
    public let field: String
    /// The named account (several per server are allowed).
    public let account: String
    /// The authorization server's issuer, for secrets bound to one (client registrations); empty otherwise.
    public let issuer: String

    /// Creates an address.
    public init(server: String, field: String, account: String = SecretAddress.defaultAccount, issuer: String = "") {
        self.server = server
        self.field = field
        self.account = account.isEmpty ? Self.defaultAccount : account
        self.issuer = issuer
    }

    /// `server/field[@account][ (issuer)]`, for messages; never includes a value.
    public var description: String {
        var text = "\(server)/\(field)"
        if account != Self.defaultAccount { text += "@\(account)" }
        if !issuer.isEmpty { text += " (\(issuer))" }
        return text
    }
}
