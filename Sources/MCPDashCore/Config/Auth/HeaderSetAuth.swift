/// A set of headers, such as Kailash's multi-tenant `X-API-Key` plus `X-Tenant-ID`.
public struct HeaderSetAuth: Equatable, Sendable {
    /// Headers with plain values.
    public var headers: [String: String]
    /// Headers with secret values.
    public var secretHeaders: [String: SecretSource]

    /// Creates a header set.
    public init(headers: [String: String] = [:], secretHeaders: [String: SecretSource] = [:]) {
        self.headers = headers
        self.secretHeaders = secretHeaders
    }
}
