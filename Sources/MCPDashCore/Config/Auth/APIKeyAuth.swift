/// An API key in a header, with an optional secondary key (primary/secondary rotation).
public struct APIKeyAuth: Equatable, Sendable {
    /// The header name, such as `X-API-Key`.
    public var header: String = "X-API-Key"
    /// The primary key.
    public var key: SecretSource
    /// The secondary key, tried when the primary is refused.
    public var secondaryKey: SecretSource?

    /// Creates API-key settings.
    public init(header: String = "X-API-Key", key: SecretSource, secondaryKey: SecretSource? = nil) {
        self.header = header
        self.key = key
        self.secondaryKey = secondaryKey
    }
}
