import Foundation
import MCP

/// Converts one server entry of another tool's config into an mcpdash entry, moving literal
/// secrets out of it.
///
/// One normaliser serves every format: the formats differ in where entries live and in a few
/// spellings (`transport_type`, `${input:…}`, `npx mcp-remote URL --header …`), not in what an
/// entry means.
struct ImportNormalizer {
    /// VS Code `inputs`, by id, with whether each is a password.
    var vscodeInputs: [String: Bool] = [:]
    /// The folder `${workspaceFolder}` stands for.
    var workspaceFolder: String?

    /// Keys of an `auth` object whose values are secrets.
    static let secretAuthKeys = SecretFieldPath.secretAuthKeys
    /// Keys of an `auth` object that hold header maps.
    static let headerMapAuthKeys: Set<String> = ["headers", "extraHeaders"]
    /// Entry keys mcpdash reads; anything else is dropped with a note.
    static let knownEntryKeys: Set<String> = ["type", "transport", "transport_type", "url", "headers", "command", "args", "env", "cwd",
                                              "auth", "tags", "storage", "timeout", "sse_read_timeout", "readTimeout",
                                              "rotationPolicyDays", "disabled", "description"]

    func normalize(name: String, object: [String: Value], origin: String) -> ImportedServer {
        var result = ImportedServer(name: name, entry: [:], secrets: [:], notes: [], origin: origin)
        var object = object
        if let remote = MCPRemoteCommand(entry: object) {
            result.notes.append("\(name): `\(remote.launcher) mcp-remote` replaced by a direct \(remote.transport) connection to \(remote.url)")
            object = remote.directEntry
        }
        for key in object.keys.sorted() where !Self.knownEntryKeys.contains(key) {
            result.notes.append("\(name): key \"\(key)\" is not used by mcpdash and was not imported")
        }
        let declared = (object["type"] ?? object["transport"] ?? object["transport_type"])?.stringValue.map { TransportKind(declared: $0) ?? .http }
        let kind = declared ?? (object["command"] != nil ? .stdio : .http)
        var entry: [String: Value] = ["type": .string(kind.rawValue)]
        for key in ["url", "command", "cwd", "storage", "disabled", "timeout", "rotationPolicyDays", "tags", "description"] {
            if let value = object[key] { entry[key] = substitute(value, name: name, notes: &result.notes) }
        }
        if let args = object["args"] { entry["args"] = substitute(args, name: name, notes: &result.notes) }
        if let timeout = object["sse_read_timeout"] ?? object["readTimeout"] { entry["readTimeout"] = timeout }
        var auth = object["auth"]?.objectValue
        if case .object(let headers)? = object["headers"] {
            let split = extractHeaders(headers, server: name, existingAuth: auth != nil, result: &result)
            if !split.headers.isEmpty { entry["headers"] = .object(split.headers) }
            if let bearer = split.bearer { auth = bearer }
        }
        if case .object(let env)? = object["env"] {
            var kept: [String: Value] = [:]
            for (variable, value) in env {
                guard case .string(let text) = substitute(value, name: name, notes: &result.notes) else { kept[variable] = value; continue }
                kept[variable] = .string(moveIfSecret(text, named: variable, field: SecretField.environmentVariable(variable), result: &result))
            }
            entry["env"] = .object(kept)
        }
        if let auth { entry["auth"] = .object(extractAuthSecrets(auth, name: name, result: &result)) }
        result.entry = entry
        return result
    }

    // MARK: - Secrets

    /// Keeps `value` unless it is a literal secret, in which case it is recorded and replaced by `keyring:`.
    private func moveIfSecret(_ value: String, named name: String, field: String, result: inout ImportedServer) -> String {
        guard SecretNames.looksSecret(name), case .literal(let literal) = SecretSource(raw: value), !literal.isEmpty else { return value }
        result.secrets[field] = literal
        return SecretSource.keyringReference
    }

    /// Splits headers into those kept and, for a literal `Authorization: Bearer …`, a bearer auth object.
    private func extractHeaders(_ headers: [String: Value], server: String, existingAuth: Bool,
                                result: inout ImportedServer) -> (headers: [String: Value], bearer: [String: Value]?) {
        var kept: [String: Value] = [:]
        var bearer: [String: Value]? = nil
        for (header, value) in headers.sorted(by: { $0.key < $1.key }) {
            guard case .string(let raw) = substitute(value, name: server, notes: &result.notes) else { kept[header] = value; continue }
            if header.lowercased() == "authorization", !existingAuth, bearer == nil, let token = Self.bearerToken(in: raw) {
                var tokenText = token.value
                if case .literal(let literal) = SecretSource(raw: token.value) {
                    result.secrets["token"] = literal
                    tokenText = SecretSource.keyringReference
                }
                var auth: [String: Value] = ["method": "bearer", "token": .string(tokenText)]
                if token.scheme != "Bearer" { auth["scheme"] = .string(token.scheme) }
                if header != "Authorization" { auth["header"] = .string(header) }
                bearer = auth
                continue
            }
            kept[header] = .string(moveIfSecret(raw, named: header, field: SecretField.header(header), result: &result))
        }
        return (kept, bearer)
    }

    /// The scheme and token of an `Authorization` value that is a bearer token or a raw token.
    static func bearerToken(in value: String) -> (scheme: String, value: String)? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: " " as Character, maxSplits: 1).map(String.init)
        if parts.count == 2, parts[0].lowercased() == "bearer" {
            return ("Bearer", parts[1].trimmingCharacters(in: .whitespaces))
        }
        // A raw token with no scheme (Eka's direct token), but not a lone ${VAR} holding a whole header value.
        if parts.count == 1, !trimmed.isEmpty, !trimmed.hasPrefix("${") { return ("", trimmed) }
        return nil
    }

    private func extractAuthSecrets(_ auth: [String: Value], name: String, result: inout ImportedServer) -> [String: Value] {
        var cleaned = auth
        for (key, value) in auth {
            if Self.secretAuthKeys.contains(key), case .string(let raw) = value, case .literal(let literal) = SecretSource(raw: raw), !literal.isEmpty {
                result.secrets[SecretFieldPath.storeField(forAuthKey: key)] = literal
                cleaned[key] = .string(SecretSource.keyringReference)
            }
            if Self.headerMapAuthKeys.contains(key), case .object(let headers) = value {
                var kept: [String: Value] = [:]
                for (header, headerValue) in headers {
                    guard case .string(let raw) = headerValue else { kept[header] = headerValue; continue }
                    kept[header] = .string(moveIfSecret(raw, named: header, field: SecretField.header(header), result: &result))
                }
                cleaned[key] = .object(kept)
            }
        }
        return cleaned
    }

    // MARK: - Variables

    /// Rewrites VS Code's `${env:X}`, `${input:id}` and `${workspaceFolder}` into mcpdash's spelling.
    private func substitute(_ value: Value, name: String, notes: inout [String]) -> Value {
        switch value {
        case .string(let text):
            var output = text.replacingOccurrences(of: "${env:", with: "${")
            if let workspaceFolder { output = output.replacingOccurrences(of: "${workspaceFolder}", with: workspaceFolder) }
            while let start = output.range(of: "${input:"), let end = output[start.upperBound...].firstIndex(of: "}") {
                let id = String(output[start.upperBound..<end])
                let isPassword = vscodeInputs[id] ?? true
                notes.append("\(name): VS Code input \"\(id)\" became \(isPassword ? "a keyring item; set it with `mcpdash rotate \(name)`" : "${\(Self.variableName(id))}; export it or put it in .env")")
                output.replaceSubrange(start.lowerBound...end, with: isPassword ? SecretSource.keyringReference : "${\(Self.variableName(id))}")
            }
            return .string(output)
        case .array(let items):
            return .array(items.map { substitute($0, name: name, notes: &notes) })
        default:
            return value
        }
    }

    private static func variableName(_ id: String) -> String {
        id.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.reduce(into: "") { $0.append($1) }
    }
}
