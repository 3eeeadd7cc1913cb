import MCP

/// An `npx mcp-remote URL --header …` stdio entry, which mcpdash replaces with a direct HTTP entry.
struct MCPRemoteCommand {
    /// `npx`, `bunx` or `pnpx`.
    let launcher: String
    /// The remote server's URL.
    let url: String
    /// `http` or `sse`.
    let transport: TransportKind
    /// The headers passed with `--header`, with the entry's `env` substituted in.
    let headers: [String: String]

    private static let launchers: Set<String> = ["npx", "bunx", "pnpx", "pnpm"]

    /// Recognises an `mcp-remote` command line in a stdio entry.
    init?(entry: [String: Value]) {
        guard let command = entry["command"]?.stringValue,
              let launcher = command.split(separator: "/" as Character).last.map(String.init), Self.launchers.contains(launcher),
              let args = entry["args"]?.arrayValue?.compactMap(\.stringValue),
              let packageIndex = args.firstIndex(where: { $0 == "mcp-remote" || $0.hasPrefix("mcp-remote@") })
        else { return nil }
        let env = entry["env"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        var url: String? = nil
        var transport = TransportKind.http
        var headers: [String: String] = [:]
        var index = packageIndex + 1
        while index < args.count {
            let argument = args[index]
            if argument == "--header", index + 1 < args.count {
                let header = Self.expand(args[index + 1], env: env)
                if let colon = header.firstIndex(of: ":") {
                    headers[String(header[..<colon]).trimmingCharacters(in: .whitespaces)] =
                        String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                }
                index += 2
                continue
            }
            if argument == "--transport", index + 1 < args.count {
                transport = args[index + 1].hasPrefix("sse") ? .sse : .http
                index += 2
                continue
            }
            if url == nil, argument.hasPrefix("http://") || argument.hasPrefix("https://") { url = argument }
            index += 1
        }
        guard let url else { return nil }
        self.launcher = launcher
        self.url = url
        self.transport = transport
        self.headers = headers
    }

    /// The equivalent mcpdash entry.
    var directEntry: [String: Value] {
        var entry: [String: Value] = ["type": .string(transport.rawValue), "url": .string(url)]
        if !headers.isEmpty { entry["headers"] = .object(headers.mapValues { .string($0) }) }
        return entry
    }

    /// Replaces `${VAR}` with the entry's own `env` values (mcp-remote's documented pattern).
    private static func expand(_ text: String, env: [String: String]) -> String {
        env.reduce(text) { partial, variable in partial.replacingOccurrences(of: "${\(variable.key)}", with: variable.value) }
    }
}
