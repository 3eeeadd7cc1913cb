import Foundation

/// The environment `mcpdash exec NAME -- COMMAND` gives its command: a server's credentials, so
/// another client's stdio server (or a script) gets them from mcpdash, as `aws-vault exec` does.
public enum ExecEnvironment {
    /// The variables for `server`: a stdio server's own `env`, secrets resolved; for an HTTP or
    /// SSE server `MCP_SERVER_URL`, `MCP_HEADERS` (the JSON a headersHelper prints) and, when the
    /// credential is a bearer token, `MCP_ACCESS_TOKEN`, and each header alone as `MCP_HEADER_NAME`
    /// (for `mcp-remote --header 'Name:${MCP_HEADER_NAME}'`). `MCPDASH_SERVER` names the server in both.
    public static func variables(for server: ServerConfig, broker: TokenBroker) async throws -> [String: String] {
        var variables = ["MCPDASH_SERVER": server.name]
        switch server.transport {
        case .stdio(let command):
            for (name, value) in command.env { variables[name] = value }
            for (name, source) in command.secretEnv {
                variables[name] = try broker.resolver.value(of: source, field: SecretField.environmentVariable(name))
            }
        case .http(let endpoint), .sse(let endpoint):
            variables["MCP_SERVER_URL"] = endpoint.url
            let headers = try await broker.requestHeaders()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            variables["MCP_HEADERS"] = String(decoding: try encoder.encode(headers), as: UTF8.self)
            for (name, value) in headers { variables[headerVariable(name)] = value }
            if let authorization = headers.first(where: { $0.key.lowercased() == "authorization" })?.value,
               authorization.lowercased().hasPrefix("bearer ") || authorization.lowercased().hasPrefix("dpop ") {
                variables["MCP_ACCESS_TOKEN"] = String(authorization.drop { $0 != " " }.dropFirst())
            }
        }
        return variables
    }

    /// The variable that holds one header's value: `MCP_HEADER_` and the name in capitals, `-` as `_`.
    public static func headerVariable(_ header: String) -> String {
        "MCP_HEADER_" + String(header.uppercased().unicodeScalars.map { $0.isASCII && CharacterSet.alphanumerics.contains($0) ? Character($0) : "_" })
    }
}
