import MCP

/// An MCP server's Protected Resource Metadata (RFC 9728 §2).
public struct ProtectedResourceMetadata: Equatable, Sendable {
    /// The resource identifier.
    public var resource: String?
    /// The issuers of the authorization servers that protect it.
    public var authorizationServers: [String]
    /// The scopes it understands.
    public var scopesSupported: [String]

    /// Reads the document's fields from a JSON object.
    public init(object: [String: Value]) {
        resource = object["resource"]?.stringValue
        authorizationServers = object["authorization_servers"]?.arrayValue?.compactMap(\.stringValue) ?? []
        scopesSupported = object["scopes_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
