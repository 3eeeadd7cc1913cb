import Foundation
import MCP

/// What a cached answer depends on: the operation, the server's entry as written with every
/// `${VAR}` it holds expanded, the account asked for, the settings that bear on it, the state
/// database and the keyring in use. A change to any of them gives another key, so an edited
/// config, another variable or another keyring never meets an old answer.
extension TokenCacheKey {
    /// The key of `kind` for the server written as `entry` (its variables from `environment`)
    /// and the account `requested` (nil: the active one), in `scope` (the state database's path
    /// and the keyring's D-Bus address).
    public init(kind: Kind, server: String, entry: Value, environment: EnvironmentResolver, account requested: String?,
                settings: Settings, scope: [String]) {
        var text = "v1\u{0}\(kind.rawValue)\u{0}"
        Self.append(server, to: &text)
        Self.append(entry, expandingWith: environment, to: &text)
        Self.append(requested.map { "account:" + $0 } ?? "active", to: &text)
        Self.append("\(settings.storage.rawValue) \(settings.refreshMarginSeconds) \(settings.tokenCacheSeconds)", to: &text)
        for part in scope { Self.append(part, to: &text) }
        self.init(description: "mcpdash:" + Self.digest(text))
    }

    /// Appends `string` with its length first, so that no two sequences of parts read alike.
    private static func append(_ string: String, to text: inout String) {
        text += "\(string.utf8.count):"
        text += string
    }

    /// Appends `value` in one fixed form: objects by sorted key, strings as written and expanded.
    private static func append(_ value: Value, expandingWith environment: EnvironmentResolver, to text: inout String) {
        switch value {
        case .null: text += "n"
        case .bool(let flag): text += flag ? "t" : "f"
        case .int(let number): text += "i\(number);"
        case .double(let number): text += "d\(number.bitPattern);"
        case .string(let string):
            text += "s"
            append(string, to: &text)
            append(environment.expand(string).value, to: &text)
        case .data(let mimeType, let data):
            text += "b"
            append(mimeType ?? "", to: &text)
            append(data.base64EncodedString(), to: &text)
        case .array(let items):
            text += "[\(items.count)"
            for item in items { append(item, expandingWith: environment, to: &text) }
            text += "]"
        case .object(let members):
            text += "{\(members.count)"
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                append(key, to: &text)
                append(member, expandingWith: environment, to: &text)
            }
            text += "}"
        }
    }
}
