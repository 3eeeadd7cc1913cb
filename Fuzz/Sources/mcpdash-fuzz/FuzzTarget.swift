import Dispatch
import Foundation
import MCP
import MCPDashCore

/// One parser under fuzzing: every input is hostile, and each must end in a value or an
/// error, never a trap, a hang or unbounded memory.
enum FuzzTarget: String, CaseIterable {
    /// `WWW-Authenticate` header values (one per line).
    case wwwAuthenticate = "www-authenticate"
    /// A config file: comments, trailing commas, `${VAR}` references, every server field.
    case config
    /// A server-sent event stream, fed in two chunks split at an input-chosen point.
    case sse
    /// An OAuth response body, read as a token response and as authorization-server metadata.
    case oauthResponse = "oauth-response"
    /// JWT claims: the raw token text, or the input as the payload of an unsigned token.
    case jwtClaims = "jwt-claims"
    /// A `.env` file.
    case dotenv
    /// Text on its way to the terminal.
    case terminalText = "terminal-text"
    /// Edits of a config the reader accepted: adding, replacing and removing members keeps it a
    /// config that reads back, whatever its comments and layout.
    case configEdit = "config-edit"

    /// The target this process fuzzes, set once before the first input.
    nonisolated(unsafe) static var selected: FuzzTarget?

    /// Runs `bytes` through the target.
    func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .wwwAuthenticate:
            _ = WWWAuthenticateParser.parse(text)
            _ = WWWAuthenticateParser.parse(text.split(separator: "\n").map(String.init))
        case .config:
            let resolver = EnvironmentResolver(process: ["HOME": "/home/fuzz", "TOKEN": "fuzz-canary-token"], dotEnv: ["KEY": "v"])
            if let config = try? ConfigLoader.parse(Data(bytes), file: "fuzz.json", resolver: resolver) {
                for server in config.servers { _ = server.name.count }
            }
        case .sse:
            var parser = SSEEventParser()
            let split = bytes.first.map { Int($0) % (bytes.count + 1) } ?? 0
            _ = parser.feed(bytes[..<split])
            _ = parser.feed(bytes[split...])
            _ = parser.finish()
        case .oauthResponse:
            guard let object = OAuthHTTP.jsonObject(Data(bytes)) else { return }
            if let token = TokenResponse(object: object) { _ = token.expiresAt(from: Date()) }
            _ = AuthorizationServerMetadata(object: object)
        case .jwtClaims:
            let token = bytes.first.map { $0 % 2 == 0 } ?? true
                ? text
                : "eyJhbGciOiJub25lIn0." + Data(bytes.dropFirst()).base64EncodedString()
                    .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                    .replacingOccurrences(of: "=", with: "") + ".c2ln"
            Self.wait { _ = await TokenClaims.decode(token) }
        case .dotenv:
            _ = try? DotEnvFile.parse(text, file: ".env")
        case .configEdit:
            guard var document = try? ConfigDocument(text: text) else { return }
            let servers = document.value(at: ["mcpServers"])?.objectValue?.keys.sorted() ?? []
            document.set(["mcpServers", "fuzz-added"], to: .object(["url": "https://fuzz.example/mcp", "tags": ["a", "b"]]))
            if let first = servers.first {
                document.set(["mcpServers", first, "auth", "token"], to: "keyring:")
                document.remove(["mcpServers", first])
            }
            precondition((try? ConfigDocument(text: document.text)) != nil, "an edit left a config that does not read back")
            precondition(document.value(at: ["mcpServers", "fuzz-added", "url"]) == .string("https://fuzz.example/mcp"), "the added server is not there")
            if let first = servers.first { precondition(document.value(at: ["mcpServers", first]) == nil, "the removed server is still there") }
        case .terminalText:
            let clean = TerminalText.sanitize(text)
            precondition(!clean.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || (0x80...0x9F).contains($0.value) },
                         "an escape or control character survived sanitizing")
        }
    }

    /// Runs async `work` to completion from the fuzzer's synchronous callback.
    private static func wait(_ work: @escaping @Sendable () async -> Void) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await work()
            done.signal()
        }
        done.wait()
    }
}
