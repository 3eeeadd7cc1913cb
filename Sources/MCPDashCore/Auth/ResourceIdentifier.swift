import Foundation

/// An MCP server's resource identifier (RFC 8707 §2, RFC 9728 §1.2), and the rule that binds
/// protected-resource metadata and stored tokens to it.
///
/// Comparison is on the RFC 3986 §6.2.2–6.2.3 normal form: scheme and host in lower case, the
/// default port dropped, no fragment, no trailing slash. A resource covers an endpoint when
/// both have the same scheme, host and port and the resource's path is the endpoint's path or
/// one of its parent paths, segment by segment (`/mcp` covers `/mcp` and `/mcp/x`, never `/mcpx`).
public struct ResourceIdentifier: Equatable, Sendable, CustomStringConvertible {
    /// Scheme, lower case.
    public let scheme: String
    /// Host, lower case.
    public let host: String
    /// The port, nil when it is the scheme's default.
    public let port: Int?
    /// The path without a trailing slash ("" for the root).
    public let path: String
    /// The query, when there is one.
    public let query: String?

    /// Parses an absolute http(s) URI; nil for anything else.
    public init?(_ text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = components.host?.lowercased(), !host.isEmpty,
              components.user == nil, components.password == nil else { return nil }
        self.scheme = scheme
        self.host = host
        let defaultPort = scheme == "https" ? 443 : 80
        port = components.port.flatMap { $0 == defaultPort ? nil : $0 }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        self.path = path
        query = components.percentEncodedQuery.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The canonical text: what mcpdash sends as `resource`.
    public var description: String {
        let host = self.host.contains(":") && !self.host.hasPrefix("[") ? "[\(self.host)]" : self.host
        return "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(path)\(query.map { "?\($0)" } ?? "")"
    }

    /// Whether a token or metadata for this resource may be used for `endpoint`.
    public func covers(_ endpoint: ResourceIdentifier) -> Bool {
        guard scheme == endpoint.scheme, host == endpoint.host, port == endpoint.port else { return false }
        if path == endpoint.path { return query == nil || query == endpoint.query }
        guard query == nil else { return false }
        return path.isEmpty || endpoint.path.hasPrefix(path + "/")
    }

    /// Whether the resource text `resource` covers the endpoint text `endpoint`; false when either does not parse.
    public static func covers(_ resource: String, endpoint: String) -> Bool {
        guard let resource = ResourceIdentifier(resource), let endpoint = ResourceIdentifier(endpoint) else { return false }
        return resource.covers(endpoint)
    }

    /// The canonical form of `uri`, or `uri` without fragment and trailing slash when it does not parse.
    public static func canonical(_ uri: String) -> String {
        if let parsed = ResourceIdentifier(uri) { return parsed.description }
        var text = uri
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
